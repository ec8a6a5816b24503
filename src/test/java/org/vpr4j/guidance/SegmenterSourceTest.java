package org.vpr4j.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;
import org.vpr4j.data.CityscapesClass;

/** The segmenter interface through ONNX Runtime, on a tiny random net exported by torch. */
class SegmenterSourceTest {
  static Path model() throws URISyntaxException {
    return Path.of(SegmenterSourceTest.class.getResource("/guidance/tiny_segmenter.onnx").toURI());
  }

  @Test
  void argmaxOfTheLogitsMatchesTorch() throws Exception {
    JsonNode f = GridReductionTest.fixture("tiny_segmenter.json");
    int n = f.get("n").asInt();
    int h = f.get("height").asInt();
    int w = f.get("width").asInt();
    byte[] pixels = new byte[f.get("pixels").size()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) f.get("pixels").get(i).asInt();
    }
    byte[] expected = new byte[f.get("trainIds").size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (byte) f.get("trainIds").get(i).asInt();
    }
    try (SegmenterSource s = SegmenterSource.open(model(), 4)) {
      assertEquals("segmenter-tiny_segmenter", s.name());
      assertArrayEquals(expected, s.segment(pixels, n, w, h));
      assertTrue(s.secondsPerImage() > 0);
    }
  }

  @Test
  void tiesGoToTheFirstClass() {
    // 1 image, 2 pixels: pixel 0 has classes 3 and 7 tied at the top, pixel 1 has all zeros
    float[] logits = new float[CityscapesClass.COUNT * 2];
    logits[3 * 2] = 5;
    logits[7 * 2] = 5;
    assertArrayEquals(new byte[] {3, 0}, SegmenterSource.argmax(logits, 1, 2));
  }

  @Test
  void aModelWithoutTheSegmenterInterfaceIsRefused() throws Exception {
    Path other = Path.of(getClass().getResource("/onnx/twin_linear.onnx").toURI());
    VprException e = assertThrows(VprException.class, () -> SegmenterSource.open(other, 4));
    assertTrue(e.getMessage().contains(other.toString()) && e.getMessage().contains("'image'"), e.getMessage());
  }
}
