package org.vpr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.bench.BenchResult;
import org.vpr4j.bench.BenchResults;

/** {@code vpr4j bench} end to end at toy sizes: every stage measures, and reports merge. */
class BenchCommandTest {
  @TempDir static Path dir;
  static Path data;
  static Path run;

  @BeforeAll
  static void runFolder() throws Exception {
    data = dir.resolve("data");
    TinyDataset.write(data, "tiny_train", 12, 64, 48, 1);
    TinyDataset.write(data, "tiny_test", 6, 64, 48, 3);
    Path graph = dir.resolve("tiny.json");
    Files.writeString(graph, "{\"name\":\"tiny\",\"model\":{\"width\":0.0625,\"inputWidth\":64,\"inputHeight\":48,"
        + "\"numClusters\":8},\"training\":{\"cacheBatchSize\":8,\"negativesPerQuery\":3,"
        + "\"miningMargin\":1.0,\"margin\":1.0,\"lr\":0.01}}");
    run = dir.resolve("run");
    assertEquals(0, Main.run("cluster", "--graph", graph.toString(), "--dataset", data.toString(), "--split",
        "tiny_train", "--out", run.toString(), "--images", "20", "--per-image", "12", "--iterations", "5"));
  }

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(BenchCommandTest.class.getResource("/bench/" + name).toURI());
  }

  @Test
  void measuresEveryStageAndWritesJsonAndTheReport() throws Exception {
    Path json = dir.resolve("all.json");
    Path page = dir.resolve("page.md");
    assertEquals(0, Main.run("bench", "--what", "extract,ort,train,search,kmeans,precision,epoch",
        "--precision", "fp32,bf16", "--batches", "1,2", "--width", "0.03125", "--input", "64x48",
        "--onnx", fixture("tiny_baseline.onnx").toString(), "--negatives", "2",
        "--db", "300", "--queries", "40", "--dim", "256", "--points", "2000", "--clusters", "8", "--iterations", "3",
        "--run", run.toString(), "--dataset", data.toString(), "--split", "tiny_test", "--train-split", "tiny_train",
        "--reuse", "1,2", "--set", "training.cacheRefreshRate=3", "--batch-size", "8",
        "--runs", "1", "--warmup", "0", "--json", json.toString(), "--out", page.toString()));

    List<BenchResult> results = BenchResults.read(json);
    Set<String> seen = results.stream().map(r -> r.stage() + "/" + r.engine()).collect(Collectors.toSet());
    for (String expected : List.of("extract/vpr4j", "extract/vpr4j-bf16", "extract/onnxruntime", "train/vpr4j",
        "search/vpr4j", "kmeans/vpr4j", "precision/vpr4j", "precision/vpr4j-bf16", "epoch/untrained",
        "epoch/vpr4j-full-refresh", "epoch/vpr4j-reuse-2")) {
      assertTrue(seen.contains(expected), "missing " + expected + " in " + seen);
    }
    assertTrue(results.stream().allMatch(r -> r.seconds() >= 0 && Double.isFinite(r.seconds())));

    // 12 queries in parts of 3 = 4 parts; 24 database images. Full: 4 x 36; reuse 2: 2 x 24 + 12.
    Map<String, BenchResult> epoch = results.stream().filter(r -> r.stage().equals("epoch"))
        .collect(Collectors.toMap(BenchResult::engine, r -> r));
    assertEquals(144, epoch.get("vpr4j-full-refresh").extraNumber("miningImages"));
    assertEquals(60, epoch.get("vpr4j-reuse-2").extraNumber("miningImages"));
    assertEquals(2, epoch.get("vpr4j-reuse-2").extraNumber("databaseRefreshes"));
    double r5 = epoch.get("vpr4j-reuse-2").extraNumber("recall@5");
    assertTrue(r5 >= 0 && r5 <= 1, "recall is a share: " + r5);

    BenchResult bf16 = results.stream().filter(r -> r.stage().equals("precision") && r.engine().equals("vpr4j-bf16"))
        .findFirst().orElseThrow();
    assertTrue(bf16.extraNumber("cosineMin") > 0.9 && bf16.extraNumber("cosineMin") <= 1.0 + 1e-6);

    String md = Files.readString(page);
    assertTrue(md.contains("<!-- bench:begin") && md.contains("<!-- bench:end -->"));
    assertTrue(md.contains("### Descriptor extraction") && md.contains("### One training epoch"), md);
    assertTrue(md.contains("| batch 2 | onnxruntime |"), md);
  }

  @Test
  void precisionCanUseTheWeightsOfAnOnnxExport() throws Exception {
    Path json = dir.resolve("precision-onnx.json");
    assertEquals(0, Main.run("bench", "--what", "precision", "--onnx", fixture("tiny_baseline.onnx").toString(),
        "--width", "0.03125", "--input", "64x48", "--dataset", data.toString(), "--split", "tiny_test",
        "--json", json.toString()));
    List<BenchResult> results = BenchResults.read(json);
    assertEquals(List.of("vpr4j", "vpr4j-bf16"), results.stream().map(BenchResult::engine).toList());
    BenchResult bf16 = results.get(1);
    assertTrue(bf16.scenario().endsWith("ONNX tiny_baseline.onnx"), bf16.scenario());
    // make_random_checkpoint.py draws alpha in [30, 60].
    assertTrue(bf16.extraNumber("alpha") >= 30 && bf16.extraNumber("alpha") <= 60, "alpha " + bf16.extraNumber("alpha"));
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "precision", "--dataset", data.toString(),
        "--split", "tiny_test"));
  }

  @Test
  void reportsIncludedResultsWithRatiosAndKeepsTheHandWrittenPage() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("results"));
    // What scripts/bench_reference.py writes (snake-free JSON with a "case" field), plus vpr4j's own.
    Files.writeString(folder.resolve("pytorch-train.json"), "[{\"stage\": \"train\", \"engine\": \"pytorch\","
        + " \"label\": \"PyTorch\", \"case\": \"12 images, conv3 on\", \"items\": 12, \"unit\": \"image\","
        + " \"seconds\": 30.0, \"runs\": 3, \"warmup\": 1, \"peakRssMib\": 5000.0, \"loadBefore\": 0.1,"
        + " \"loadAfter\": 1.9, \"extra\": {\"python\": \"3.11.2\"}}]");
    BenchResults.write(folder.resolve("vpr4j-train.json"), List.of(new BenchResult("train", "vpr4j", "vpr4j",
        "12 images, conv3 on", 12, "image", 15.0, 3, 1, 4000, 0.2, 1.8, Map.of())));
    Path page = dir.resolve("notes.md");
    Files.writeString(page, "# Benchmarks\n\nHand-written intro.\n\n<!-- bench:begin -->\nold table\n"
        + "<!-- bench:end -->\n\nHand-written analysis.\n");

    assertEquals(0, Main.run("bench", "--what", "none", "--include", folder.toString(), "--out", page.toString()));

    String md = Files.readString(page);
    assertTrue(md.startsWith("# Benchmarks\n\nHand-written intro.\n\n<!-- bench:begin"), md);
    assertTrue(md.endsWith("<!-- bench:end -->\n\nHand-written analysis.\n"), md);
    assertTrue(!md.contains("old table"), md);
    assertTrue(md.contains("| 12 images, conv3 on | pytorch | 30.000 | 2.500 | 0.40 | 2.00x |"), md);
    assertTrue(md.contains("| training step (12 images, conv3 on) at least 1.5x faster than PyTorch | 2.00x faster | yes |"),
        md);
  }

  @Test
  void theReferenceScriptWritesResultsThisCommandReads() throws Exception {
    Path script = Path.of("scripts/bench_reference.py");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) && Files.isRegularFile(script),
        "needs /usr/bin/python3 and scripts/bench_reference.py");
    Path json = dir.resolve("faiss-kmeans.json");
    Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--stage", "kmeans", "--points", "3000",
        "--point-dim", "16", "--clusters", "8", "--iterations", "3", "--runs", "1", "--warmup", "0",
        "--json", json.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("py.log").toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bench_reference.py did not finish");
    Assumptions.assumeTrue(p.exitValue() == 0 || !Files.readString(dir.resolve("py.log")).contains("No module"),
        "python3-faiss is not installed");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("py.log")));
    BenchResult r = BenchResults.read(json).get(0);
    assertEquals("kmeans", r.stage());
    assertEquals("faiss", r.engine());
    assertEquals("3000 x 16 -> 8, 3 iterations", r.scenario(), "the case name must match KMeansBenchmark's");
    assertEquals(3, r.items());
    assertEquals(2048, r.extraNumber("pointsUsed"), "faiss keeps at most 256 points per centroid");
  }

  @Test
  void testCommandTakesAPrecisionAndKeepsItsOwnReport() {
    assertEquals(0, Main.run("test", "--run", run.toString(), "--dataset", data.toString(), "--split", "tiny_test",
        "--ckpt", "init", "--precision", "bf16"));
    assertTrue(Files.isRegularFile(run.resolve("reports/test-tiny_test-init-bf16.json")));
    assertEquals(Main.EXIT_USAGE, Main.run("test", "--run", run.toString(), "--dataset", data.toString(),
        "--split", "tiny_test", "--precision", "half"));
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "extract,nonsense"));
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "ort", "--input", "64x48"));
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "ort", "--onnx", dir.resolve("missing.onnx").toString()));
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "none", "--include", dir.resolve("nope.json").toString()));
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "extract", "--input", "640by480"));
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "extract", "--precision", "fp8"));
  }
}
