package org.vpr4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bookkeeping of one benchmark stage: at the start it resets the peak-memory mark and notes
 * the load average; {@link #result} then stamps a measurement with the peak and both loads.
 */
public final class StageRecorder {
  private final String stage;
  private final int warmup;
  private final int runs;
  private final double loadBefore;

  private StageRecorder(String stage, int warmup, int runs) {
    this.stage = stage;
    this.warmup = warmup;
    this.runs = runs;
    Timing.resetPeakRss();
    this.loadBefore = Timing.loadAverage();
  }

  /** Starts stage {@code stage}, whose timings take the median of {@code runs} after {@code warmup}. */
  public static StageRecorder start(String stage, int warmup, int runs) {
    if (warmup < 0 || runs < 1) {
      throw new IllegalArgumentException("warmup must be >= 0 and runs >= 1, got " + warmup + ", " + runs);
    }
    return new StageRecorder(stage, warmup, runs);
  }

  public int warmup() {
    return warmup;
  }

  public int runs() {
    return runs;
  }

  /** Median seconds of {@code work} with this stage's warm-up and run counts. */
  public double median(Timing.Work work) throws Exception {
    return Timing.median(warmup, runs, work);
  }

  public BenchResult result(String engine, String label, String scenario, long items, String unit, double seconds,
      Map<String, Object> extra) {
    Map<String, Object> withMachine = new LinkedHashMap<>(extra == null ? Map.of() : extra);
    withMachine.putAll(MachineInfo.cpuExtra());
    return new BenchResult(stage, engine, label, scenario, items, unit, seconds, runs, warmup, Timing.peakRssMib(),
        loadBefore, Timing.loadAverage(), withMachine);
  }
}
