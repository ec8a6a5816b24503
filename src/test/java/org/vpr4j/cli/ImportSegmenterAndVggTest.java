package org.vpr4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.interop.TorchLayout;
import org.vpr4j.interop.imports.OnnxTamper;
import org.vpr4j.interop.imports.PythonTools;
import org.vpr4j.interop.imports.SegmenterFiles;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.WeightsFile;
import org.vpr4j.onnx.FloatTensorData;
import org.vpr4j.onnx.OnnxWeights;

/**
 * The two imports that are not a table row: the DeepLab segmenter (kept as ONNX for semantic
 * guidance, checked against PyTorch's logits) and torchvision's ImageNet VGG16 (encoder weights
 * that {@code vpr4j cluster --init} starts from).
 */
class ImportSegmenterAndVggTest {
  @TempDir static Path dir;
  static Path segmenter;
  static Path vgg;
  static Path data;

  @BeforeAll
  static void convert() throws Exception {
    PythonTools.requireTorchAndOnnx();
    Path models = dir.resolve("models");
    Files.createDirectories(models);
    segmenter = models.resolve("segmenter.onnx");
    vgg = models.resolve("vgg16.onnx");
    String segCkpt = models.resolve("best_deeplabv3plus_mobilenet_cityscapes_os16.pth").toString();
    String vggCkpt = models.resolve("vgg16-397923af.pth").toString();
    PythonTools.runScripts(List.of(
        List.of("make_random_checkpoint", "--variant", "segmenter", "--seed", "4", "--out", segCkpt),
        List.of("convert_to_onnx", "--checkpoint", segCkpt, "--out", segmenter.toString(), "--height", "64",
            "--width-px", "48"),
        List.of("make_random_checkpoint", "--variant", "vgg16_imagenet", "--width", "0.125", "--seed", "5", "--out",
            vggCkpt),
        List.of("convert_to_onnx", "--checkpoint", vggCkpt, "--out", vgg.toString(), "--height", "48", "--width-px",
            "64")));
    data = dir.resolve("data");
    TinyData.pittsburgh(data, "tiny_train", 6, 64, 48, 1);
  }

  @Test
  void segmenterGoesIntoANewFolder() throws Exception {
    Path out = dir.resolve("guidance");
    CapturedRun r = CapturedRun.of("import", "--onnx", segmenter.toString(), "--out", out.toString());
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.out().contains("| logits | onnxruntime vs pytorch | 1 |"), r.all());
    assertArrayEquals(Files.readAllBytes(segmenter), Files.readAllBytes(SegmenterFiles.onnx(out)));
    JsonNode report = GraphConfig.json().readTree(out.resolve(SegmenterFiles.REPORT).toFile());
    assertEquals("segmenter", report.get("variant").asText());
    assertTrue(report.get("parity").get("passed").asBoolean());
    assertEquals(356 - 59, report.get("tensors").asInt(), "DeepLab's 356 state_dict entries but the BN counters");
    assertEquals(59, report.get("ignored_keys").size(), "num_batches_tracked of the 59 BatchNorms");
  }

  @Test
  void segmenterJoinsAnExistingRunFolder() throws Exception {
    Path run = dir.resolve("run-with-segmenter");
    assertEquals(0, CapturedRun.of("import", "--onnx", vgg.toString(), "--out", run.toString(), "--no-parity")
        .exitCode());
    CapturedRun r = CapturedRun.of("import", "--onnx", segmenter.toString(), "--out", run.toString());
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(Files.isRegularFile(run.resolve("checkpoints/imported.h5")), "the run folder keeps its contents");
    assertEquals(SegmenterFiles.onnx(run), SegmenterFiles.find(run).orElseThrow());

    CapturedRun again = CapturedRun.of("import", "--onnx", segmenter.toString(), "--out", run.toString());
    assertEquals(Main.EXIT_USAGE, again.exitCode(), again.all());
    assertTrue(again.err().contains("pass --force"), again.all());
    assertEquals(0, CapturedRun.of("import", "--onnx", segmenter.toString(), "--out", run.toString(), "--force")
        .exitCode());
  }

  @Test
  void segmenterParityNeedsTheReferenceOutputs() throws Exception {
    Path bare = dir.resolve("bare/segmenter.onnx");
    Files.createDirectories(bare.getParent());
    Files.copy(segmenter, bare);
    Path out = dir.resolve("guidance-bare");
    CapturedRun r = CapturedRun.of("import", "--onnx", bare.toString(), "--out", out.toString());
    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
    assertTrue(r.err().contains("no PyTorch reference outputs") && r.err().contains("--no-parity"), r.all());
    ImportRoundTripTest.assertNothingWritten(out);

    CapturedRun skipped = CapturedRun.of("import", "--onnx", bare.toString(), "--out", out.toString(), "--no-parity");
    assertEquals(0, skipped.exitCode(), skipped.all());
    assertTrue(skipped.out().contains("parity check skipped"), skipped.all());
    assertTrue(Files.isRegularFile(SegmenterFiles.onnx(out)));
  }

  @Test
  void tamperedSegmenterFailsParity() throws Exception {
    Path tampered = OnnxTamper.withChangedInitializer(segmenter, dir.resolve("tampered"),
        "classifier.classifier.3.bias", 7, 2.0f);
    Path out = dir.resolve("guidance-tampered");
    CapturedRun r = CapturedRun.of("import", "--onnx", tampered.toString(), "--out", out.toString());
    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
    assertTrue(r.err().contains("parity check failed") && r.err().contains("| logits | onnxruntime vs pytorch | 1 |")
        && r.err().contains("FAILED"), r.all());
    ImportRoundTripTest.assertNothingWritten(out);
  }

  @Test
  void aPlaceRecognitionModelIsNotASegmenter() {
    Path out = dir.resolve("not-a-segmenter");
    CapturedRun r = CapturedRun.of("import", "--onnx", vgg.toString(), "--out", out.toString(), "--variant",
        "segmenter");
    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
    assertTrue(r.err().contains("does not hold the DeepLabV3+ segmenter: it has key roots features"), r.all());
    assertFalse(Files.exists(out));
  }

  @Test
  void imagenetVggSeedsClusterInit() throws Exception {
    Path imported = dir.resolve("run-vgg");
    CapturedRun r = CapturedRun.of("import", "--onnx", vgg.toString(), "--out", imported.toString());
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.out().contains("| features | onnxruntime vs tensorflow | 2 |"), r.all());
    assertTrue(r.out().contains("| features | onnxruntime vs pytorch | 2 |"), r.all());
    WeightsFile.Contents ckpt = WeightsFile.read(imported.resolve("checkpoints/imported.h5"));
    assertEquals(26, ckpt.tensors().size(), "13 convolutions, weight and bias, and nothing else");
    assertTrue(ckpt.tensors().keySet().stream().allMatch(k -> k.startsWith("encoder.")));

    Path graph = dir.resolve("tiny.json");
    Files.writeString(graph, "{\"name\":\"tiny\",\"model\":{\"width\":0.125,\"inputWidth\":64,\"inputHeight\":48,"
        + "\"numClusters\":4}}");
    Path run = dir.resolve("run-clustered");
    CapturedRun clustered = CapturedRun.of("cluster", "--graph", graph.toString(), "--dataset", data.toString(),
        "--split", "tiny_train", "--out", run.toString(), "--init", imported.toString(), "--images", "12",
        "--per-image", "6", "--iterations", "5");
    assertEquals(0, clustered.exitCode(), clustered.all());
    FloatArray encoder28 = WeightsFile.read(run.resolve("checkpoints/init.h5")).tensors().get("encoder.28.weight");
    FloatTensorData torch = OnnxWeights.read(vgg).get("features.28.weight");
    FloatArray expected = TorchLayout.toTf("encoder.28.weight", new FloatArray(torch.dims(), torch.values()));
    assertArrayEquals(expected.shape(), encoder28.shape());
    assertArrayEquals(expected.data(), encoder28.data(), "cluster started from the imported ImageNet weights");
  }
}
