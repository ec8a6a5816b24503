package org.vpr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.interop.imports.PythonTools;

/**
 * NANNE's baseline at the paper's size (VGG16 + NetVLAD with 64 clusters, 14,780,224 parameters),
 * traced and checked at 160 x 128 to keep the test short; the weights are the full-size ones.
 */
class ImportFullSizeTest {
  @TempDir Path dir;

  @Test
  void fullSizeBaselineImportsWithParity() throws Exception {
    PythonTools.requireTorchAndOnnx();
    String checkpoint = dir.resolve("model_best.pth.tar").toString();
    Path onnx = dir.resolve("baseline.onnx");
    PythonTools.runScripts(List.of(
        List.of("make_random_checkpoint", "--variant", "baseline", "--nanne", "--out", checkpoint),
        List.of("convert_to_onnx", "--checkpoint", checkpoint, "--out", onnx.toString(), "--height", "128",
            "--width-px", "160", "--reference-images", "1")));
    Path run = dir.resolve("run");
    CapturedRun r = CapturedRun.of("import", "--onnx", onnx.toString(), "--out", run.toString(), "--parity-images", "1");
    assertEquals(0, r.exitCode(), r.all());
    JsonNode report = GraphConfig.json().readTree(run.resolve("import.json").toFile());
    assertEquals(14_780_224L, report.get("parameters").asLong(), "docs/checkpoints.md");
    assertEquals(28, report.get("tensors").asInt());
    assertTrue(report.get("parity").get("passed").asBoolean());
    assertEquals(2, report.get("parity").get("outputs").size(), "against TensorFlow and against PyTorch");
    GraphConfig graph = GraphConfig.read(run.resolve("graph.json"));
    assertEquals("netvlad", graph.name());
    assertEquals(32768, graph.model().descriptorDim());
  }
}
