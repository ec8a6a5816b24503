package org.vpr4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vpr4j.model.CpuFeatures;

/** The machine a benchmark ran on, as Markdown bullets: date, CPU (from lscpu), memory, Java. */
public final class MachineInfo {
  /** lscpu fields worth reporting. */
  private static final List<String> FIELDS = List.of("Model name", "CPU(s)", "Thread(s) per core", "L2 cache",
      "L3 cache", "Hypervisor vendor");

  private MachineInfo() {}

  public static String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("- date: ").append(LocalDate.now()).append('\n');
    List<String> lscpu = lscpu();
    for (String field : FIELDS) {
      for (String line : lscpu) {
        if (line.startsWith(field + ":")) {
          sb.append("- ").append(field).append(": ").append(line.substring(field.length() + 1).trim()).append('\n');
        }
      }
    }
    CpuFeatures cpu = CpuFeatures.current();
    List<String> present = cpu.relevantFlags();
    sb.append("- relevant CPU flags: ").append(present.isEmpty() ? "none of " + CpuFeatures.RELEVANT
        : String.join(", ", present)).append('\n');
    sb.append("- oneDNN ISA (inferred from the CPU flags, as oneDNN takes the best the CPU has): fp32 ")
        .append(cpu.onednnFp32Isa()).append(", bf16 ").append(cpu.onednnBf16Isa()).append('\n');
    sb.append("- memory: ").append(memTotal()).append('\n');
    sb.append("- Java ").append(System.getProperty("java.version")).append(", ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append('\n');
    return sb.toString();
  }

  /** The lines of {@code lscpu} (C locale), or an empty list where it is missing. */
  static List<String> lscpu() {
    try {
      ProcessBuilder pb = new ProcessBuilder("lscpu").redirectErrorStream(true);
      pb.environment().put("LC_ALL", "C");
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return List.of("Model name: " + Timing.cpuName());
      }
      return new String(out, StandardCharsets.UTF_8).lines().map(String::trim).toList();
    } catch (IOException e) {
      return List.of("Model name: " + Timing.cpuName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of("Model name: " + Timing.cpuName());
    }
  }

  /**
   * The CPU a measurement was taken on, for each result's JSON: model, the flags that decide the
   * kernels, and the oneDNN ISA they imply (inferred from the flags; {@code ONEDNN_VERBOSE=1}
   * prints the kernels actually run).
   */
  static Map<String, Object> cpuExtra() {
    CpuFeatures cpu = CpuFeatures.current();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cpu", cpu.model());
    out.put("cpuFlags", String.join(" ", cpu.relevantFlags()));
    out.put("onednnIsaFp32", cpu.onednnFp32Isa());
    out.put("onednnIsaBf16", cpu.onednnBf16Isa());
    return out;
  }

  private static String memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return "unknown";
  }
}
