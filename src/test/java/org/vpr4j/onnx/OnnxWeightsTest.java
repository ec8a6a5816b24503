package org.vpr4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.onnx.proto.OnnxModelProtos.GraphProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto.DataType;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.ValueInfoProto;

class OnnxWeightsTest {
  @TempDir Path dir;

  @Test
  void readsEveryParameterExactlyAsPyTorchHeldIt() {
    JsonNode expected = Fixtures.json(Fixtures.CONV).get("parameters");
    OnnxWeights weights = OnnxWeights.read(Fixtures.onnx(Fixtures.CONV));

    List<String> expectedNames = new ArrayList<>();
    expected.fieldNames().forEachRemaining(expectedNames::add);
    assertEquals(expectedNames, weights.names());
    assertEquals(6, weights.size());
    for (String name : expectedNames) {
      assertEquals(Fixtures.tensor(expected.get(name)), weights.get(name), name);
    }
    assertArrayEquals(new long[] {4, 3, 3, 3}, weights.get("encoder.0.weight").dims());
  }

  @Test
  void reportsGraphInputsOutputsAndOpset() {
    OnnxWeights weights = OnnxWeights.read(Fixtures.onnx(Fixtures.CONV));

    assertEquals(List.of("image"), weights.inputNames());
    assertEquals(List.of("features"), weights.outputNames());
    assertEquals(13, weights.opsetVersion());
    assertTrue(weights.aliases().isEmpty());
  }

  @Test
  void resolvesAParameterTheExporterDeduplicatedThroughIdentity() {
    JsonNode fixture = Fixtures.json(Fixtures.TWIN_LINEAR);
    String first = fixture.get("twins").get(0).asText();
    String second = fixture.get("twins").get(1).asText();
    OnnxWeights weights = OnnxWeights.read(Fixtures.onnx(Fixtures.TWIN_LINEAR));

    // torch.onnx keeps one copy; which name survives is its choice, so accept either direction.
    Map<String, String> aliases = weights.aliases();
    assertEquals(1, aliases.size());
    assertTrue(Map.of(second, first).equals(aliases) || Map.of(first, second).equals(aliases), aliases.toString());
    for (String name : List.of(first, second)) {
      assertTrue(weights.contains(name), name);
      assertEquals(Fixtures.tensor(fixture.get("parameters").get(name)), weights.get(name), name);
    }
    assertEquals(2, weights.size());
    assertEquals(List.of("x"), weights.inputNames());
  }

  @Test
  void followsChainsOfIdentityNodesButNotIdentitiesOfActivations() throws IOException {
    GraphProto.Builder graph = HandMadeModels.graph()
        .addInitializer(HandMadeModels.rawFloat("pool.centroids", new long[] {2, 2}, 1f, -2f, 3.5f, 0.25f))
        .addNode(HandMadeModels.identity("pool.centroids", "step"))
        .addNode(HandMadeModels.identity("step", "pool.conv.weight"))
        .addNode(HandMadeModels.identity("x", "y"));
    OnnxWeights weights = OnnxWeights.read(HandMadeModels.write(dir, "chain.onnx", graph));

    assertEquals(List.of("pool.centroids", "step", "pool.conv.weight"), weights.names());
    assertSame(weights.get("pool.centroids"), weights.get("pool.conv.weight"));
    assertEquals("pool.centroids", weights.aliases().get("pool.conv.weight"));
    assertFalse(weights.contains("y"));
  }

  @Test
  void readsFloatDataAsWellAsRawData() throws IOException {
    GraphProto.Builder graph = HandMadeModels.graph().addInitializer(TensorProto.newBuilder()
        .setName("senet_attention.fc.0.weight")
        .setDataType(DataType.FLOAT_VALUE)
        .addDims(2).addDims(3)
        .addFloatData(1f).addFloatData(2f).addFloatData(3f).addFloatData(-4f).addFloatData(5e-8f).addFloatData(6e7f));
    OnnxWeights weights = OnnxWeights.read(HandMadeModels.write(dir, "float_data.onnx", graph));

    FloatTensorData fc = weights.require("senet_attention.fc.0.weight", 2, 3);
    assertArrayEquals(new float[] {1f, 2f, 3f, -4f, 5e-8f, 6e7f}, fc.values());
  }

  @Test
  void skipsInitializersListedAmongTheInputsByOldExporters() throws IOException {
    GraphProto.Builder graph = HandMadeModels.graph()
        .addInput(ValueInfoProto.newBuilder().setName("bias"))
        .addInitializer(HandMadeModels.rawFloat("bias", new long[] {1}, 0.5f));
    OnnxWeights weights = OnnxWeights.read(HandMadeModels.write(dir, "ir3_style.onnx", graph));

    assertEquals(List.of("x"), weights.inputNames());
    assertTrue(weights.contains("bias"));
  }
}
