package org.vpr4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vpr4j.config.Attention;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.interop.imports.OnnxTamper;
import org.vpr4j.interop.imports.PythonTools;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.WeightsFile;
import org.vpr4j.onnx.OnnxWeights;

/**
 * Every VPR variant at width 0.125 through the whole chain: a random checkpoint in the paper's
 * format, converted by weights-import, imported with the parity check, then evaluated by
 * {@code vpr4j test}; and the import's refusals of bad input, which must leave nothing behind.
 */
class ImportRoundTripTest {
  @TempDir static Path dir;
  static Path models;
  static Path data;

  /** Fixture name to the arguments of make_random_checkpoint.py (width, clusters and output added). */
  static final Map<String, List<String>> CHECKPOINTS = new LinkedHashMap<>();

  static {
    CHECKPOINTS.put("baseline", List.of("--variant", "baseline"));
    CHECKPOINTS.put("baseline_nanne", List.of("--variant", "baseline", "--nanne"));
    CHECKPOINTS.put("crn", List.of("--variant", "crn"));
    CHECKPOINTS.put("crn_parallel_crm", List.of("--variant", "crn", "--parallel", "--old-crm-names"));
    CHECKPOINTS.put("bam", List.of("--variant", "bam"));
    CHECKPOINTS.put("cbam", List.of("--variant", "cbam"));
    CHECKPOINTS.put("senet", List.of("--variant", "senet"));
    CHECKPOINTS.put("deatt", List.of("--variant", "deatt"));
    CHECKPOINTS.put("deatt_senet", List.of("--variant", "deatt_senet"));
    CHECKPOINTS.put("deatt_senet_parallel", List.of("--variant", "deatt_senet", "--parallel"));
  }

  @BeforeAll
  static void convertEveryVariant() throws Exception {
    PythonTools.requireTorchAndOnnx();
    models = dir.resolve("models");
    Files.createDirectories(models);
    List<List<String>> calls = new ArrayList<>();
    int seed = 1;
    for (Map.Entry<String, List<String>> e : CHECKPOINTS.entrySet()) {
      String checkpoint = models.resolve(e.getKey() + ".pth.tar").toString();
      List<String> make = new ArrayList<>(List.of("make_random_checkpoint"));
      make.addAll(e.getValue());
      make.addAll(List.of("--width", "0.125", "--clusters", "8", "--seed", String.valueOf(seed++), "--out", checkpoint));
      calls.add(make);
      // 128 x 160 gives an 8 x 10 feature map: enough for reflect padding and BAM's square pooling.
      calls.add(List.of("convert_to_onnx", "--checkpoint", checkpoint, "--out", onnx(e.getKey()).toString(),
          "--height", "128", "--width-px", "160"));
    }
    PythonTools.runScripts(calls);
    data = dir.resolve("data");
    TinyData.pittsburgh(data, "tiny_train", 8, 64, 48, 1);
    TinyData.pittsburgh(data, "tiny_val", 4, 64, 48, 2);
    TinyData.pittsburgh(data, "tiny_test", 6, 64, 48, 3);
  }

  static Path onnx(String name) {
    return models.resolve(name + ".onnx");
  }

  @ParameterizedTest
  @ValueSource(strings = {"baseline", "baseline_nanne", "crn", "crn_parallel_crm", "bam", "cbam", "senet", "deatt",
      "deatt_senet", "deatt_senet_parallel"})
  void importPassesParityAndTheRunFolderEvaluates(String name) throws Exception {
    Path run = dir.resolve("run-" + name);
    CapturedRun imported = CapturedRun.of("import", "--onnx", onnx(name).toString(), "--out", run.toString());
    assertEquals(0, imported.exitCode(), imported.all());
    assertTrue(imported.out().contains("| descriptor | onnxruntime vs tensorflow | 2 |"), imported.all());

    JsonNode report = GraphConfig.json().readTree(run.resolve("import.json").toFile());
    String variant = CHECKPOINTS.get(name).get(1);
    assertEquals(variant, report.get("variant").asText());
    assertTrue(report.get("parity").get("passed").asBoolean());
    boolean mask = variant.startsWith("deatt");
    // descriptor (+ mask) against TensorFlow, then against PyTorch's reference outputs
    assertEquals(mask ? 4 : 2, report.get("parity").get("outputs").size(), report.toString());
    for (JsonNode o : report.get("parity").get("outputs")) {
      assertTrue(o.get("max_abs_diff").asDouble() < 1e-4, o.toString());
    }
    GraphConfig graph = GraphConfig.read(run.resolve("graph.json"));
    assertEquals(0.125, graph.model().width());
    assertEquals(8, graph.model().numClusters());
    assertEquals(160, graph.model().inputWidth());
    assertEquals(128, graph.model().inputHeight());

    // The checkpoint holds the file's values in TF layout, with its provenance.
    WeightsFile.Contents ckpt = WeightsFile.read(run.resolve("checkpoints/imported.h5"));
    OnnxWeights source = OnnxWeights.read(onnx(name));
    assertArrayEquals(source.get("pool.centroids").values(), ckpt.tensors().get("pool.centroids").data());
    FloatArray conv = ckpt.tensors().get("encoder.0.weight");
    assertArrayEquals(new long[] {3, 3, 3, 8}, conv.shape(), "HWIO");
    assertEquals(source.get("encoder.0.weight").values()[0], conv.data()[0]);
    assertEquals(source.size(), ckpt.tensors().size(), "every ONNX tensor, nothing else");
    assertEquals(variant, ckpt.attributes().get("variant"));
    assertEquals(report.get("onnx_sha256").asText(), ckpt.attributes().get("source_onnx_sha256"));

    CapturedRun tested = CapturedRun.of("test", "--run", run.toString(), "--dataset", data.toString(), "--split",
        "tiny_test", "--ckpt", "imported", "--batch-size", "8", "--recall-at", "1,5");
    assertEquals(0, tested.exitCode(), tested.all());
    assertTrue(Files.isRegularFile(run.resolve("reports/test-tiny_test-imported.json")));
  }

  @Test
  void trainingStartsFromImportedWeights() throws Exception {
    Path run = dir.resolve("train-from-imported");
    assertEquals(0, CapturedRun.of("import", "--onnx", onnx("senet").toString(), "--out", run.toString(),
        "--no-parity").exitCode());
    CapturedRun trained = CapturedRun.of("train", "--run", run.toString(), "--dataset", data.toString(), "--train-split",
        "tiny_train", "--val-split", "tiny_val", "--from", "imported", "--epochs", "1", "--set",
        "training.cacheBatchSize=8,training.negativesPerQuery=2,training.negativesSampled=6,training.batchSize=2");
    assertEquals(0, trained.exitCode(), trained.all());
    assertTrue(Files.isRegularFile(run.resolve("checkpoints/latest.h5")));
    assertTrue(Files.readString(run.resolve("logs/train.log")).contains("from checkpoint 'imported'"));
  }

  @Test
  void parityOnDatasetImagesAndExportOfTheImportedRun() throws Exception {
    Path run = dir.resolve("run-dataset-parity");
    CapturedRun r = CapturedRun.of("import", "--onnx", onnx("deatt_senet").toString(), "--out", run.toString(),
        "--dataset", data.toString(), "--split", "tiny_test", "--parity-images", "3");
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.out().contains("parity on 3 images of tiny_test resized to 160x128"), r.all());
    assertTrue(r.out().contains("| mask | onnxruntime vs tensorflow | 3 |"), r.all());

    Path export = dir.resolve("export-imported");
    CapturedRun exported = CapturedRun.of("export", "--run", run.toString(), "--dataset", data.toString(), "--split",
        "tiny_test", "--check-images", "2", "--out", export.toString());
    assertEquals(0, exported.exitCode(), exported.all());
    assertTrue(Files.isRegularFile(export.resolve("saved_model.pb")));
  }

  @Test
  void datasetWithoutSplitIsAnOptionError() {
    CapturedRun r = CapturedRun.of("import", "--onnx", onnx("senet").toString(), "--out",
        dir.resolve("run-no-split").toString(), "--dataset", data.toString());
    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
    assertTrue(r.err().contains("--dataset needs --split"), r.all());
  }

  @Test
  void withoutSidecarTheNamesTellTheVariantAndSize() throws Exception {
    Path bare = dir.resolve("bare");
    Files.createDirectories(bare);
    Path copy = bare.resolve("model.onnx");
    Files.copy(onnx("senet"), copy);
    Path run = dir.resolve("run-bare");
    CapturedRun r = CapturedRun.of("import", "--onnx", copy.toString(), "--out", run.toString(), "--parity-images", "1");
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.out().contains("senet (from initializer names)"), r.all());
    assertTrue(r.out().contains("no PyTorch reference outputs"), r.all());
    GraphConfig graph = GraphConfig.read(run.resolve("graph.json"));
    assertEquals(0.125, graph.model().width());
    assertEquals(8, graph.model().numClusters());
    assertEquals(640, graph.model().inputWidth(), "the graph's input size when no sidecar gives one");
  }

  @Test
  void anExistingRunFolderIsReplacedOnlyWithForce() {
    Path run = dir.resolve("run-twice");
    assertEquals(0, CapturedRun.of("import", "--onnx", onnx("cbam").toString(), "--out", run.toString(),
        "--no-parity").exitCode());
    CapturedRun again = CapturedRun.of("import", "--onnx", onnx("bam").toString(), "--out", run.toString());
    assertEquals(Main.EXIT_USAGE, again.exitCode(), again.all());
    assertTrue(again.err().contains("pass --force"), again.all());
    CapturedRun forced = CapturedRun.of("import", "--onnx", onnx("bam").toString(), "--out", run.toString(), "--force");
    assertEquals(0, forced.exitCode(), forced.all());
    assertEquals(List.of(Attention.BAM), GraphConfig.read(run.resolve("graph.json")).model().attentions());
  }

  @Test
  void truncatedOrCorruptFilesAreRefused() throws Exception {
    byte[] whole = Files.readAllBytes(onnx("crn"));
    Path truncated = dir.resolve("bad/truncated.onnx");
    Files.createDirectories(truncated.getParent());
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 3));
    Path garbage = dir.resolve("bad/garbage.onnx");
    Files.write(garbage, "this is not a model, just text pretending to be one".repeat(50).getBytes());
    for (Path file : List.of(truncated, garbage)) {
      Path run = dir.resolve("run-" + file.getFileName());
      CapturedRun r = CapturedRun.of("import", "--onnx", file.toString(), "--out", run.toString());
      assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
      assertTrue(r.err().contains(file.toString()), r.all());
      assertNothingWritten(run);
    }
  }

  @Test
  void anotherArchitectureListsEveryMismatchedName() throws Exception {
    Path run = dir.resolve("run-crn-as-bam");
    CapturedRun r = CapturedRun.of("import", "--onnx", onnx("crn").toString(), "--out", run.toString(),
        "--variant", "bam");
    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
    assertTrue(r.err().contains("missing (28):"), r.all());
    assertTrue(r.err().contains("bam_attention.spatial_att.gate_s.gate_s_conv_final.weight [1, 1, 4, 1]"), r.all());
    assertTrue(r.err().contains("not in the model (24):"), r.all());
    assertTrue(r.err().contains("crn_attention.crn_conv3.0.weight [3, 64, 7, 7]"), r.all());
    assertTrue(r.err().contains("initializer names are those of a 'crn' model, but the import used 'bam' (from"
        + " --variant)"), r.all());
    assertNothingWritten(run);

    // The same file with a sidecar that claims another variant.
    Path lying = OnnxTamper.copyWithCompanions(onnx("crn"), dir.resolve("lying"));
    Path sidecar = lying.resolveSibling(lying.getFileName() + ".json");
    ObjectNode meta = (ObjectNode) GraphConfig.json().readTree(sidecar.toFile());
    meta.put("variant", "bam");
    GraphConfig.json().writeValue(sidecar.toFile(), meta);
    Path run2 = dir.resolve("run-lying-sidecar");
    CapturedRun r2 = CapturedRun.of("import", "--onnx", lying.toString(), "--out", run2.toString());
    assertEquals(Main.EXIT_USAGE, r2.exitCode(), r2.all());
    assertTrue(r2.err().contains("not in the model (24):") && r2.err().contains("(from sidecar crn.onnx.json)"), r2.all());
    assertNothingWritten(run2);
  }

  @Test
  void nanWeightsAreRefused() throws Exception {
    Path broken = OnnxTamper.withChangedInitializer(onnx("deatt"), dir.resolve("nan"), "deattention.crn_conv2.0.weight",
        5, Float.NaN);
    Path run = dir.resolve("run-nan");
    CapturedRun r = CapturedRun.of("import", "--onnx", broken.toString(), "--out", run.toString());
    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
    assertTrue(r.err().contains("initializer 'deattention.crn_conv2.0.weight'") && r.err().contains("NaN at element 5"),
        r.all());
    assertNothingWritten(run);
  }

  @Test
  void aTamperedInitializerFailsParityWithPyTorch() throws Exception {
    // ONNX Runtime and TensorFlow read the same (tampered) weights; PyTorch's reference outputs do not.
    Path tampered = OnnxTamper.withChangedInitializer(onnx("cbam"), dir.resolve("tampered"), "encoder.26.bias", 0, 0.5f);
    Path run = dir.resolve("run-tampered");
    CapturedRun r = CapturedRun.of("import", "--onnx", tampered.toString(), "--out", run.toString());
    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
    assertTrue(r.err().contains("parity check failed") && r.err().contains("nothing was written"), r.all());
    assertTrue(r.err().contains("| descriptor | onnxruntime vs tensorflow | 2 |") && r.err().contains("| ok |"), r.all());
    assertTrue(r.err().matches("(?s).*\\| descriptor \\| onnxruntime vs pytorch \\| 2 \\| [^|]+ \\| [^|]+ \\| FAILED \\|.*"),
        r.all());
    assertNothingWritten(run);
  }

  @Test
  void aModelBuiltDifferentlyFailsParityWithOnnxRuntime() throws Exception {
    // The sidecar claims zeros padding for the mask head; the exported graph pads by reflection.
    Path copy = OnnxTamper.copyWithCompanions(onnx("deatt"), dir.resolve("zeros"));
    Path sidecar = copy.resolveSibling(copy.getFileName() + ".json");
    ObjectNode meta = (ObjectNode) GraphConfig.json().readTree(sidecar.toFile());
    meta.put("deattention_padding", "zeros");
    GraphConfig.json().writeValue(sidecar.toFile(), meta);
    Path run = dir.resolve("run-zeros");
    CapturedRun r = CapturedRun.of("import", "--onnx", copy.toString(), "--out", run.toString());
    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
    assertTrue(r.err().matches("(?s).*\\| mask \\| onnxruntime vs tensorflow \\| 2 \\| [^|]+ \\| [^|]+ \\| FAILED \\|.*"),
        r.all());
    assertNothingWritten(run);
  }

  /** No run folder, and no temporary sibling left over from an aborted write. */
  static void assertNothingWritten(Path run) throws Exception {
    assertFalse(Files.exists(run), run + " must not exist");
    try (Stream<Path> siblings = Files.list(run.getParent())) {
      List<String> leftovers = siblings.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("." + run.getFileName())).toList();
      assertEquals(List.of(), leftovers);
    }
  }
}
