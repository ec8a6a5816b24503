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
import org.vpr4j.bench.Bf16SelfCheck;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.fixtures.TinyRuns;
import org.vpr4j.model.Bf16Support;
import org.vpr4j.model.CpuFeatures;

/** {@code vpr4j bench} end to end at toy sizes: every stage measures, and reports merge. */
class BenchCommandTest {
  @TempDir static Path dir;
  static Path data;
  static Path run;

  @BeforeAll
  static void runFolder() throws Exception {
    data = dir.resolve("data");
    TinyData.pittsburgh(data, "tiny_train", 12, 64, 48, 1);
    TinyData.pittsburgh(data, "tiny_test", 6, 64, 48, 3);
    Path graph = TinyRuns.graph(dir.resolve("tiny.json"), "");
    run = TinyRuns.cluster(TinyRuns.clusterArgs(graph, data, "tiny_train", dir.resolve("run"), 20, 5));
  }

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(BenchCommandTest.class.getResource("/bench/" + name).toURI());
  }

  /**
   * Every stage runs and reports. The bf16 stages run only where oneDNN computes bf16 (AVX-512,
   * asked for explicitly); elsewhere bench refuses them, which {@link #bf16IsRefusedBelowTheFloor}
   * covers. No quality floor here: the precision stage measures, and what its numbers may be is
   * argued and tested in Bf16SelfCheckTest, the same on AMD Zen 4 and Intel Sapphire Rapids.
   */
  @Test
  void measuresEveryStageAndWritesJsonAndTheReport() throws Exception {
    boolean bf16 = Bf16Support.available();
    if (!bf16) {
      System.out.println("measuresEveryStage: no bf16 stages, this CPU has no AVX-512 (vpr4j refuses bf16 there)");
    }
    Path json = dir.resolve("all.json");
    Path page = dir.resolve("page.md");
    assertEquals(0, Main.run("bench", "--what", "extract,ort,train,search,kmeans,epoch" + (bf16 ? ",precision" : ""),
        "--precision", bf16 ? "fp32,bf16" : "fp32", "--batches", "1,2", "--width", "0.03125", "--input", "64x48",
        "--onnx", fixture("tiny_baseline.onnx").toString(), "--negatives", "2",
        "--db", "300", "--queries", "40", "--dim", "256", "--points", "2000", "--clusters", "8", "--iterations", "3",
        "--run", run.toString(), "--dataset", data.toString(), "--split", "tiny_test", "--train-split", "tiny_train",
        "--reuse", "1,2", "--set", "training.cacheRefreshRate=3", "--batch-size", "8",
        "--runs", "1", "--warmup", "0", "--json", json.toString(), "--out", page.toString()));

    List<BenchResult> results = BenchResults.read(json);
    Set<String> seen = results.stream().map(r -> r.stage() + "/" + r.engine()).collect(Collectors.toSet());
    List<String> expected = new java.util.ArrayList<>(List.of("extract/vpr4j", "extract/onnxruntime", "train/vpr4j",
        "search/vpr4j", "kmeans/vpr4j", "epoch/untrained", "epoch/vpr4j-full-refresh", "epoch/vpr4j-reuse-2"));
    if (bf16) {
      expected.addAll(List.of("extract/vpr4j-bf16", "precision/vpr4j", "precision/vpr4j-bf16"));
    }
    for (String e : expected) {
      assertTrue(seen.contains(e), "missing " + e + " in " + seen);
    }
    assertTrue(results.stream().allMatch(r -> r.seconds() >= 0 && Double.isFinite(r.seconds())));
    // Every result says which CPU and which oneDNN kernels it came from.
    CpuFeatures cpu = CpuFeatures.current();
    for (BenchResult r : results) {
      assertEquals(cpu.model(), r.extra().get("cpu"), r.stage());
      assertEquals(cpu.onednnBf16Isa(), r.extra().get("onednnIsaBf16"), r.stage());
    }

    // 12 queries in parts of 3 = 4 parts; 24 database images. Full: 4 x 36; reuse 2: 2 x 24 + 12.
    Map<String, BenchResult> epoch = results.stream().filter(r -> r.stage().equals("epoch"))
        .collect(Collectors.toMap(BenchResult::engine, r -> r));
    assertEquals(144, epoch.get("vpr4j-full-refresh").extraNumber("miningImages"));
    assertEquals(60, epoch.get("vpr4j-reuse-2").extraNumber("miningImages"));
    assertEquals(2, epoch.get("vpr4j-reuse-2").extraNumber("databaseRefreshes"));
    double r5 = epoch.get("vpr4j-reuse-2").extraNumber("recall@5");
    assertTrue(r5 >= 0 && r5 <= 1, "recall is a share: " + r5);

    if (bf16) {
      BenchResult precision = results.stream()
          .filter(r -> r.stage().equals("precision") && r.engine().equals("vpr4j-bf16")).findFirst().orElseThrow();
      double cos = precision.extraNumber("cosineMin");
      assertTrue(cos >= -1 - 1e-6 && cos <= 1 + 1e-6, "a cosine: " + cos);
      BenchResult extract = results.stream()
          .filter(r -> r.stage().equals("extract") && r.engine().equals("vpr4j-bf16")).findFirst().orElseThrow();
      assertTrue(extract.extraNumber("selfCheckLocalCosine") >= Bf16SelfCheck.DEFAULT_FLOOR,
          "bf16 speed is reported only after the self-check: " + extract.extra());
    }

    String md = Files.readString(page);
    assertTrue(md.contains("<!-- bench:begin") && md.contains("<!-- bench:end -->"));
    assertTrue(md.contains("### Descriptor extraction") && md.contains("### One training epoch"), md);
    assertTrue(md.contains("| batch 2 | onnxruntime |"), md);
    assertTrue(md.contains("- oneDNN ISA (inferred from the CPU flags") && md.contains("bf16 " + cpu.onednnBf16Isa()), md);
  }

  @Test
  void precisionCanUseTheWeightsOfAnOnnxExport() throws Exception {
    Bf16Support.assume("the bf16 precision stage");
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
    assertEquals(Main.EXIT_USAGE, Main.run("test", "--run", run.toString(), "--dataset", data.toString(),
        "--split", "tiny_test", "--precision", "half"));
    CapturedRun r = CapturedRun.of("test", "--run", run.toString(), "--dataset", data.toString(), "--split",
        "tiny_test", "--ckpt", "init", "--precision", "bf16");
    if (!Bf16Support.available()) {
      System.out.println("testCommandTakesAPrecision: no AVX-512 here, so the refusal is checked instead");
      assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
      assertTrue(r.err().contains("needs a CPU with AVX-512") && r.err().contains("--precision fp32"), r.all());
      return;
    }
    // The pass path: the self-check prints its cosine, at least the default floor (Bf16SelfCheckTest says why).
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.out().contains("bf16 self-check on 4 images: local-feature cosine to fp32 mean 0.9999"), r.all());
    assertTrue(Files.isRegularFile(run.resolve("reports/test-tiny_test-init-bf16.json")));
  }

  /**
   * The refusal path, forced deterministically on any CPU: no bf16 result reaches a cosine above
   * 1, so a floor of 1 refuses wherever bf16 changes the arithmetic, which it does on every CPU
   * with AVX-512 (TensorFlow rewrites the graph there); a CPU without AVX-512 is refused before
   * that. Either way: exit 2 and a message that names the way out.
   */
  @Test
  void bf16IsRefusedBelowTheFloor() {
    CapturedRun refused = CapturedRun.of("test", "--run", run.toString(), "--dataset", data.toString(), "--split",
        "tiny_test", "--ckpt", "init", "--precision", "bf16", "--bf16-min-cosine", "1");
    assertEquals(Main.EXIT_USAGE, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("--precision fp32"), refused.all());
    CapturedRun badFloor = CapturedRun.of("bench", "--what", "extract", "--precision", "bf16", "--bf16-min-cosine", "2");
    assertEquals(Main.EXIT_USAGE, badFloor.exitCode(), badFloor.all());
    assertTrue(badFloor.err().contains("--bf16-min-cosine"), badFloor.all());
    if (Bf16Support.available()) {
      assertTrue(refused.err().contains("below the floor 1.00000") && refused.out().contains("bf16 self-check"),
          refused.all());
      CapturedRun forced = CapturedRun.of("test", "--run", run.toString(), "--dataset", data.toString(), "--split",
          "tiny_test", "--ckpt", "init", "--precision", "bf16", "--bf16-min-cosine", "1", "--force-bf16");
      assertEquals(0, forced.exitCode(), forced.all());
    } else {
      System.out.println("bf16IsRefusedBelowTheFloor: no AVX-512 here, so only the CPU refusal was checked");
    }
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "extract,nonsense"));
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "ort", "--input", "64x48"));
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "ort", "--onnx", dir.resolve("missing.onnx").toString()));
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "none", "--include", dir.resolve("nope.json").toString()));
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "extract", "--input", "640by480"));
    assertEquals(Main.EXIT_USAGE, Main.run("bench", "--what", "extract", "--precision", "fp8"));
    CapturedRun.assertUsageError(Main::run, "bench: --trainable 'conv9' is not one of conv1, conv2, conv3, conv4, conv5,"
        + " all", "bench", "--what", "train", "--trainable", "conv9");
  }
}
