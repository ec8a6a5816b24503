package org.vpr4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;
import org.vpr4j.cli.SparkMain;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.Bf16Support;
import org.vpr4j.query.IndexFile;
import org.vpr4j.query.PlaceIndex;

/**
 * {@code spark extract --engine}: ONNX Runtime on the executors gives TensorFlow's descriptors
 * (and {@code query index}'s) within 1e-5; the output records its engine; the engine is part of
 * the plan, so an unfinished output is resumed on its own engine only; and ort is refused where
 * it cannot run. Every command names its engine ($VPR4J_ENGINE is tf under the test suite).
 */
class SparkExtractEngineTest {
  private static final String MASTER = SparkPipelineTest.MASTER;
  private static final double ENGINES_AGREE = 1e-5;
  @TempDir static Path dir;
  static Path data;
  static RunFolder run;

  @BeforeAll
  static void cityAndModel() throws Exception {
    data = TinyData.utmFolders(dir.resolve("data"), "tiny", 10, 5);
    // De-attention + SENet: the paper's model, where the engines differ most (docs/benchmarks.md).
    run = TinyData.runFolder(dir.resolve("run"), "tiny-engine", 8, "[\"deattention\", \"senet\"]", 2);
  }

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  private static String[] split(String... rest) {
    return SparkPipelineTest.cat(new String[] {"--dataset", data.toString(), "--layout", "utm", "--split", "tiny"},
        rest);
  }

  private static String[] extractArgs(String engine, Path out, String... more) {
    return SparkPipelineTest.cat(SparkPipelineTest.cat(new String[] {"extract", "--run", run.root().toString(),
        "--master", MASTER, "--which", "database", "--out", out.toString(), "--batch-size", "4", "--partitions", "3",
        "--engine", engine}, split()), more);
  }

  /** Runs the extract and returns what it printed. */
  private static String extract(String engine, Path out, String... more) {
    return SparkPipelineTest.captureOut(() -> assertEquals(0, SparkMain.run(extractArgs(engine, out, more))));
  }

  private static float[] descriptors(Path out, int dim) {
    return SparkPipelineTest.column(SparkSessions.get(MASTER).read().parquet(out.toString()).orderBy("index")
        .collectAsList(), "descriptor", dim);
  }

  private static JsonNode completion(Path out) throws Exception {
    return GraphConfig.json().readTree(out.resolve(ExtractJob.DONE).toFile());
  }

  private static void assertClose(float[] expected, float[] got, double tolerance, String what) {
    assertEquals(expected.length, got.length, what);
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - got[i]));
    }
    assertTrue(max <= tolerance, what + " differ by " + max);
  }

  @Test
  void ortOnTheExecutorsGivesTensorFlowsDescriptorsAndRecordsIt() throws Exception {
    // Both jobs in one JVM, which is also local mode's executor: the model loaded for tf must not
    // serve the ort job.
    Path tf = dir.resolve("tf-db");
    Path ort = dir.resolve("ort-db");
    assertTrue(extract("tf", tf).contains("3 partitions (3 run) on tf in"));
    String printed = extract("ort", ort);
    assertTrue(printed.contains("3 partitions (3 run) on ort in"), printed);

    PlaceIndex reference = IndexFile.read(queryIndex());
    int dim = reference.descriptorDim();
    float[] fromTf = descriptors(tf, dim);
    float[] fromOrt = descriptors(ort, dim);
    assertEquals(20 * dim, fromOrt.length);
    float[] indexed = SparkPipelineTest.matrix(reference);
    assertClose(indexed, fromTf, 1e-6, "spark extract --engine tf and query index");
    assertClose(indexed, fromOrt, ENGINES_AGREE, "spark extract --engine ort and query index");
    assertClose(fromTf, fromOrt, ENGINES_AGREE, "spark extract --engine ort and --engine tf");

    JsonNode done = completion(ort);
    assertEquals("ort", done.get("engine").asText());
    assertEquals(3, done.get("enginesUsed").get("ort").asInt());
    assertEquals(1, done.get("enginesUsed").size());
    assertEquals("fp32", done.get("precision").asText());
    assertEquals("tf", completion(tf).get("engine").asText());
    assertEquals(3, completion(tf).get("enginesUsed").get("tf").asInt());
    // Each partition's file names its engine too.
    org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(ort.resolve("part-00001.parquet").toUri());
    assertEquals("ort", DescriptorParquet.engine(part, new Configuration()));
  }

  @Test
  void autoPicksOneEnginePerExecutorAndGivesTheSameDescriptors() throws Exception {
    Path tf = dir.resolve("auto-tf-db");
    Path auto = dir.resolve("auto-db");
    extract("tf", tf);
    String printed = extract("auto", auto);
    JsonNode done = completion(auto);
    assertEquals("auto", done.get("engine").asText());
    // Local mode has one executor: it measures once (or reads its cache) and describes every
    // partition on what it picked, whichever engine is the faster on this CPU.
    JsonNode used = done.get("enginesUsed");
    assertEquals(1, used.size(), used.toString());
    String picked = used.fieldNames().next();
    assertTrue(picked.equals("tf") || picked.equals("ort"), picked);
    assertEquals(3, used.get(picked).asInt());
    assertTrue(printed.contains("3 partitions (3 run) on " + picked + " in"), printed);
    int dim = SparkPipelineTest.matrix(IndexFile.read(queryIndex())).length / 20;
    assertClose(descriptors(tf, dim), descriptors(auto, dim), ENGINES_AGREE, "spark extract --engine auto and tf");
  }

  private static Path queryIndex() {
    Path index = dir.resolve("tiny.h5");
    if (!Files.exists(index)) {
      assertEquals(0, Main.run(SparkPipelineTest.cat(new String[] {"query", "index", "--run", run.root().toString(),
          "--out", index.toString(), "--batch-size", "4", "--engine", "tf"}, split())));
    }
    return index;
  }

  @Test
  void anUnfinishedOutputResumesOnItsOwnEngineOnly() throws Exception {
    Path out = dir.resolve("resume");
    extract("ort", out);
    // As a killed job leaves it: no completion marker, one partition missing.
    Files.delete(out.resolve(ExtractJob.DONE));
    Files.delete(out.resolve("part-00002.parquet"));

    SparkPipelineTest.assertError("engine: ort there, tf here", extractArgs("tf", out));
    assertFalse(Files.exists(out.resolve("part-00002.parquet")), "nothing described by the refused engine");

    String printed = extract("ort", out);
    assertTrue(printed.contains("3 partitions (1 run) on ort in"), printed);
    // The two kept partitions count by the engine their files record.
    assertEquals(3, completion(out).get("enginesUsed").get("ort").asInt());
  }

  @Test
  void ortIsRefusedForASavedModelAndForBf16() {
    Path out = dir.resolve("refused");
    SparkPipelineTest.assertError("spark extract: --engine ort takes a run folder (--run)", SparkPipelineTest.cat(
        new String[] {"extract", "--savedmodel", run.root().toString(), "--engine", "ort", "--master", MASTER,
            "--out", out.toString()}, split()));
    // Without AVX-512 bf16 is refused first, as by vpr4j test.
    SparkPipelineTest.assertError(Bf16Support.available() ? "--engine ort computes in fp32 only"
        : "needs a CPU with AVX-512", extractArgs("ort", out, "--precision", "bf16"));
    SparkPipelineTest.assertError("spark extract: --engine 'cuda' is not an engine", extractArgs("cuda", out));
    assertFalse(Files.exists(out));
  }
}
