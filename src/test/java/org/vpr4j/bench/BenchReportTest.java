package org.vpr4j.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  static BenchResult r(String stage, String engine, String scenario, long items, double seconds, Map<String, Object> extra) {
    return new BenchResult(stage, engine, engine + " label", scenario, items, "image", seconds, 3, 1, 100, 0.5, 0.7,
        extra);
  }

  static final List<BenchResult> RESULTS = List.of(
      r("extract", "vpr4j", "batch 4", 4, 2.0, Map.of()),
      r("extract", "onnxruntime", "batch 4", 4, 2.4, Map.of()),
      r("extract", "pytorch", "batch 4", 4, 3.0, Map.of()),
      r("extract", "vpr4j-bf16", "batch 4", 4, 0.5, Map.of()),
      r("search", "vpr4j", "db", 10, 10.0, Map.of()),
      r("search", "faiss", "db", 10, 8.0, Map.of()),
      r("kmeans", "vpr4j", "km", 100, 1.0, Map.of()),
      r("kmeans", "faiss", "km", 100, 0.95, Map.of()),
      r("precision", "vpr4j", "split", 10, 5.0, Map.of("recall@1", 0.5, "recall@5", 0.75, "recall@10", 0.9)),
      r("precision", "vpr4j-bf16", "split", 10, 1.0, Map.of("recall@1", 0.5, "recall@5", 0.75, "recall@10", 0.9,
          "cosineMin", 0.9995, "cosineMean", 0.9998, "sameTop1", 1.0, "alpha", 42.0)),
      r("epoch", "untrained", "city", 0, 0, Map.of("recall@1", 0.2, "recall@5", 0.6, "recall@10", 0.8)),
      r("epoch", "vpr4j-full-refresh", "city", 1, 100, Map.of("miningSeconds", 40.0, "miningImages", 3840,
          "recall@1", 0.3, "recall@5", 0.70, "recall@10", 0.8)),
      r("epoch", "vpr4j-reuse-8", "city", 1, 65, Map.of("miningSeconds", 5.0, "miningImages", 480,
          "recall@1", 0.3, "recall@5", 0.68, "recall@10", 0.8)));

  @Test
  void tablesDivideEachEngineByVpr4jForTheSameCase() {
    String md = new BenchReport(RESULTS).render();
    assertTrue(md.contains("| batch 4 | onnxruntime | 2.400 | 0.600 | 1.67 | 1.20x |"), md);
    assertTrue(md.contains("| batch 4 | vpr4j-bf16 | 0.500 | 0.125 | 8.00 | 0.25x |"), md);
    assertTrue(md.contains("| city | vpr4j-reuse-8 | 480 | 5.0 | 0.13x | 65.0 | 30.0% | 68.0% | 80.0% |"), md);
    assertTrue(md.contains("| split | 42 | vpr4j-bf16 | 1.0 | 0.100 | 50.0% |"), md);
    assertTrue(md.indexOf("### Descriptor extraction") < md.indexOf("### Reduced precision")
        && md.indexOf("### Reduced precision") < md.indexOf("### Exact k-NN search"), "stages keep their order");
  }

  @Test
  void targetsAreCheckedAgainstTheirThresholds() {
    String md = new BenchReport(RESULTS).render();
    assertTrue(md.contains("| extraction, full model, batch 4: at most 0.55 s per image | 0.500 s per image | yes |"), md);
    assertTrue(md.contains("(its time ÷ ours ≥ 1.10) | 1.20x | yes |"), md);
    assertTrue(md.contains("| bf16 at least 2x faster than fp32 (batch 4) | 4.00x faster | yes |"), md);
    assertTrue(md.contains("| exact search at least 0.9x faiss speed | 0.80x faiss speed | **no** |"), md);
    assertTrue(md.contains("| k-means at least 0.9x faiss speed | 0.95x faiss speed | yes |"), md);
    assertTrue(md.contains("min 0.99950 | yes |"), md);
    // 8x cheaper, but recall@5 two points lower than the full refresh: not the same recall.
    assertTrue(md.contains("8.00x less time (8.00x fewer images), recall@5 70.0% → 68.0% | **no** |"), md);
  }

  @Test
  void stagesWithoutMeasurementsAreLeftOut() {
    String md = new BenchReport(List.of(r("kmeans", "faiss", "km", 100, 1.0, Map.of()))).render();
    assertTrue(md.contains("### k-means"), md);
    assertFalse(md.contains("### Descriptor extraction"), md);
    assertFalse(md.contains("### Targets"), "no vpr4j result, nothing to check: " + md);
  }
}
