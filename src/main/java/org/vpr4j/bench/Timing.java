package org.vpr4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Median-of-runs timing and peak memory for benchmarks. */
public final class Timing {
  private Timing() {}

  /** A piece of work to time. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  /** Runs {@code warmup} untimed and {@code runs} timed repetitions; returns the median seconds. */
  public static double median(int warmup, int runs, Work work) throws Exception {
    for (int i = 0; i < warmup; i++) {
      work.run();
    }
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.run();
      t[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(t);
    return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
  }

  /**
   * Resets this process's peak-resident-memory mark to its current size (Linux {@code clear_refs}
   * 5), so that {@link #peakRssMib} covers only what runs next. Best effort: ignored elsewhere.
   */
  public static void resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (Exception e) {
      // not Linux, or not permitted: the peak then covers the whole process
    }
  }

  /** The 1-minute load average (Linux), or -1 where unknown: benchmarks on a busy machine are noisy. */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
    } catch (Exception e) {
      return -1;
    }
  }

  /** Peak resident memory of this process in MiB (Linux VmHWM), or -1 where unknown. */
  public static double peakRssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }

  /** The CPU model name (Linux), for benchmark reports. */
  public static String cpuName() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim() + ", " + Runtime.getRuntime().availableProcessors()
              + " cores";
        }
      }
    } catch (Exception e) {
      // fall through
    }
    return System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores";
  }
}
