package org.vpr4j.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One benchmark measurement, in the JSON form that {@code scripts/bench_reference.py} writes too,
 * so vpr4j and its comparators land in one report.
 *
 * @param stage what was measured: {@code extract}, {@code train}, {@code search}, {@code kmeans},
 *     {@code epoch}, {@code precision}
 * @param engine who did it: {@code vpr4j}, {@code vpr4j-bf16}, {@code onnxruntime}, {@code pytorch},
 *     {@code faiss}, ...
 * @param label a human description of the engine and its settings
 * @param scenario the case within the stage (e.g. {@code batch 4}); results of one stage and case
 *     are compared with each other
 * @param items work items per run (images, queries, iterations)
 * @param unit what an item is, singular
 * @param seconds median wall time of one run
 * @param peakRssMib peak resident memory of the measuring process, MiB (-1 if unknown)
 * @param loadBefore 1-minute load average before the stage
 * @param loadAfter 1-minute load average after it
 * @param extra anything else worth reporting (recall, cosine, counts)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BenchResult(
    String stage,
    String engine,
    String label,
    @JsonProperty("case") String scenario,
    long items,
    String unit,
    double seconds,
    int runs,
    int warmup,
    double peakRssMib,
    double loadBefore,
    double loadAfter,
    Map<String, Object> extra) {

  public BenchResult {
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  public double secondsPerItem() {
    return seconds / items;
  }

  public double itemsPerSecond() {
    return items / seconds;
  }

  /** A copy with one more entry in {@link #extra}. */
  public BenchResult with(String key, Object value) {
    Map<String, Object> e = new LinkedHashMap<>(extra);
    e.put(key, value);
    return new BenchResult(stage, engine, label, scenario, items, unit, seconds, runs, warmup, peakRssMib,
        loadBefore, loadAfter, e);
  }

  /** A number from {@link #extra}, or NaN when absent. */
  public double extraNumber(String key) {
    return extra.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
