package org.vpr4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;

class OnnxRuntimeModelTest {
  private static OnnxRuntimeModel conv;
  private static JsonNode convFixture;

  @TempDir Path dir;

  @BeforeAll
  static void openConvModel() {
    conv = OnnxRuntimeModel.open(Fixtures.onnx(Fixtures.CONV), 1);
    convFixture = Fixtures.json(Fixtures.CONV);
  }

  @AfterAll
  static void closeConvModel() {
    conv.close();
  }

  @Test
  void listsInputsAndOutputsWithDynamicBatch() {
    assertEquals(List.of(OnnxNames.IMAGE), conv.inputNames());
    assertEquals(List.of(OnnxNames.FEATURES), conv.outputNames());
    assertArrayEquals(new long[] {-1, 3, 5, 6}, conv.inputShape(OnnxNames.IMAGE));
    conv.requireInputs(OnnxNames.IMAGE);
    conv.requireOutputs(OnnxNames.FEATURES);
  }

  @Test
  void reproducesThePyTorchOutputOnImagesNormalisedInJava() {
    FloatTensorData image = ImagenetInput.fromUint8Nhwc(Fixtures.pixels(convFixture), 2, 5, 6);
    FloatTensorData expected = Fixtures.tensor(convFixture.get("output"));

    Map<String, FloatTensorData> outputs = conv.run(Map.of(OnnxNames.IMAGE, image));

    FloatTensorData features = outputs.get(OnnxNames.FEATURES);
    assertArrayEquals(expected.dims(), features.dims());
    assertArrayEquals(expected.values(), features.values(), 1e-5f);
  }

  @Test
  void runsABatchOfOneThroughTheDynamicBatchAxis() {
    FloatTensorData both = Fixtures.tensor(convFixture.get("input"));
    FloatTensorData first = new FloatTensorData(new long[] {1, 3, 5, 6}, Arrays.copyOf(both.values(), 90));
    FloatTensorData expected = Fixtures.tensor(convFixture.get("output"));

    FloatTensorData features = conv.run(Map.of(OnnxNames.IMAGE, first), List.of(OnnxNames.FEATURES))
        .get(OnnxNames.FEATURES);

    assertArrayEquals(new long[] {1, 4, 5, 6}, features.dims());
    assertArrayEquals(Arrays.copyOf(expected.values(), 120), features.values(), 1e-5f);
  }

  @Test
  void reproducesThePyTorchOutputOfTheDeduplicatedModel() {
    JsonNode fixture = Fixtures.json(Fixtures.TWIN_LINEAR);
    FloatTensorData expected = Fixtures.tensor(fixture.get("output"));
    try (OnnxRuntimeModel twin = OnnxRuntimeModel.open(Fixtures.onnx(Fixtures.TWIN_LINEAR))) {
      FloatTensorData descriptor = twin.run(Map.of("x", Fixtures.tensor(fixture.get("input")))).get(OnnxNames.DESCRIPTOR);
      assertArrayEquals(expected.dims(), descriptor.dims());
      assertArrayEquals(expected.values(), descriptor.values(), 1e-5f);
    }
  }

  @Test
  void namesTheModelAndTheInputWhenTheShapeIsWrong() {
    FloatTensorData fourChannels = new FloatTensorData(new long[] {1, 4, 5, 6}, new float[120]);
    FloatTensorData rankThree = new FloatTensorData(new long[] {3, 5, 6}, new float[90]);
    for (FloatTensorData wrong : List.of(fourChannels, rankThree)) {
      String message = assertThrows(VprException.class, () -> conv.run(Map.of(OnnxNames.IMAGE, wrong))).getMessage();
      assertTrue(message.contains("'image'") && message.contains(Fixtures.CONV + ".onnx")
          && message.contains("[-1, 3, 5, 6]") && message.contains(wrong.shapeString()), message);
    }
  }

  @Test
  void namesMissingOrUnknownInputsAndOutputs() {
    FloatTensorData image = Fixtures.tensor(convFixture.get("input"));

    String unknown = assertThrows(VprException.class, () -> conv.run(Map.of("img", image))).getMessage();
    assertTrue(unknown.contains("'img'") && unknown.contains("[image]"), unknown);
    String missing = assertThrows(VprException.class, () -> conv.run(Map.of())).getMessage();
    assertTrue(missing.contains("[image]") && missing.contains("not given"), missing);
    String output = assertThrows(VprException.class, () -> conv.requireOutputs(OnnxNames.DESCRIPTOR)).getMessage();
    assertTrue(output.contains("'descriptor'") && output.contains("[features]"), output);
    assertThrows(VprException.class, () -> conv.run(Map.of(OnnxNames.IMAGE, image), List.of(OnnxNames.MASK)));
  }

  @Test
  void refusesAFileThatIsNotAModel() throws IOException {
    Path garbage = Files.writeString(dir.resolve("segmenter.onnx"), "not a model");
    String message = assertThrows(VprException.class, () -> OnnxRuntimeModel.open(garbage)).getMessage();
    assertTrue(message.contains(garbage.toString()), message);
    Path absent = dir.resolve("absent.onnx");
    assertTrue(assertThrows(VprException.class, () -> OnnxRuntimeModel.open(absent)).getMessage()
        .contains(absent.toString()));
  }
}
