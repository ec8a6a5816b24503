package org.vpr4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ImagenetInputTest {

  @Test
  void normalisesEachChannelWithTheImagenetStatistics() {
    // One 1x2 image: a black pixel, then a pixel of 255 (given as the signed byte -1), 128, 0.
    byte[] pixels = {0, 0, 0, (byte) 255, (byte) 128, 0};
    FloatTensorData image = ImagenetInput.fromUint8Nhwc(pixels, 1, 1, 2);

    assertArrayEquals(new long[] {1, 3, 1, 2}, image.dims());
    float[] expected = {
        -0.485f / 0.229f, (1 - 0.485f) / 0.229f,       // R plane
        -0.456f / 0.224f, (128 / 255f - 0.456f) / 0.224f, // G plane
        -0.406f / 0.225f, -0.406f / 0.225f,            // B plane
    };
    assertArrayEquals(expected, image.values(), 1e-6f);
  }

  @Test
  void matchesWhatTorchComputedForTheFixtureImages() {
    JsonNode fixture = Fixtures.json(Fixtures.CONV);
    FloatTensorData image = ImagenetInput.fromUint8Nhwc(
        Fixtures.pixels(fixture), fixture.get("batch").asInt(), fixture.get("height").asInt(), fixture.get("width").asInt());

    FloatTensorData torch = Fixtures.tensor(fixture.get("input"));
    assertArrayEquals(torch.dims(), image.dims());
    assertArrayEquals(torch.values(), image.values(), 1e-6f);
  }

  @Test
  void rejectsAPixelCountThatDoesNotFitTheSize() {
    assertThrows(IllegalArgumentException.class, () -> ImagenetInput.fromUint8Nhwc(new byte[11], 1, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> ImagenetInput.fromUint8Nhwc(new byte[0], 0, 2, 2));
    assertEquals(12, ImagenetInput.fromUint8Nhwc(new byte[12], 1, 2, 2).values().length);
  }
}
