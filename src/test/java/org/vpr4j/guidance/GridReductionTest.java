package org.vpr4j.guidance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;

/** The reductions against PyTorch (fixtures from make_fixtures.py) and against hand computation. */
class GridReductionTest {
  static JsonNode fixture(String name) throws Exception {
    try (InputStream in = GridReductionTest.class.getResourceAsStream("/guidance/" + name)) {
      return new ObjectMapper().readTree(in);
    }
  }

  static float[] input(JsonNode c) {
    if (c.has("bits")) {
      String bits = c.get("bits").asText();
      float[] out = new float[bits.length()];
      for (int i = 0; i < out.length; i++) {
        out[i] = bits.charAt(i) == '1' ? 1f : 0f;
      }
      return out;
    }
    return floats(c.get("input"));
  }

  static float[] floats(JsonNode a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }

  @Test
  void bicubicMatchesTorchInterpolateWithAlignCorners() throws Exception {
    JsonNode cases = fixture("bicubic.json");
    assertTrue(cases.size() >= 10);
    double worst = 0;
    boolean overshoot = false;
    for (JsonNode c : cases) {
      float[] got = BicubicAlignCorners.resize(input(c), c.get("n").asInt(), c.get("inH").asInt(), c.get("inW").asInt(),
          c.get("outH").asInt(), c.get("outW").asInt());
      float[] expected = floats(c.get("expected"));
      assertEquals(expected.length, got.length);
      for (int i = 0; i < got.length; i++) {
        worst = Math.max(worst, Math.abs(got[i] - expected[i]));
        overshoot |= c.has("bits") && (got[i] > 1.0001f || got[i] < -0.0001f);
      }
    }
    assertTrue(worst < 1e-6, "max |java - torch| = " + worst);
    assertTrue(overshoot, "binary masks overshoot [0, 1] as the reference's targets do");
  }

  @Test
  void bicubicByHand() {
    // 48 rows -> 3: source rows 0, 23.5, 47; 64 columns -> 4: source columns 0, 21, 42, 63 (no blending).
    // The middle row sits halfway between rows 23 and 24: weights -0.09375, 0.59375, 0.59375, -0.09375
    // on rows 22..25 (cubic convolution, A = -0.75).
    float[] mask = new float[48 * 64];
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        boolean car = x < 32 ? y >= 24 : y >= 25;
        mask[y * 64 + x] = car ? 0f : 1f;
      }
    }
    float[] t = BicubicAlignCorners.resize(mask, 1, 48, 64, 3, 4);
    assertEquals(1f, t[0], 0f);
    assertEquals(0.5f, t[4], 1e-7f, "edge between rows 23 and 24: -0.09375 + 0.59375");
    assertEquals(1.09375f, t[7], 1e-7f, "edge between rows 24 and 25: overshoot, not clamped");
    assertEquals(0f, t[8], 0f);
  }

  @Test
  void areaAverageMatchesTorchAdaptiveAvgPool() throws Exception {
    for (JsonNode c : fixture("area.json")) {
      float[] got = GridReduction.AREA.apply(input(c), c.get("n").asInt(), c.get("inH").asInt(),
          c.get("inW").asInt(), c.get("outH").asInt(), c.get("outW").asInt());
      float[] expected = floats(c.get("expected"));
      for (int i = 0; i < got.length; i++) {
        assertEquals(expected[i], got[i], 1e-6f, "element " + i);
        assertTrue(got[i] >= 0f && got[i] <= 1f);
      }
    }
  }

  @Test
  void areaAverageByHand() {
    // 2x4 -> 1x2: the left cell averages 4 pixels of which one is a distractor.
    float[] mask = {1, 0, 1, 1, 1, 1, 0, 0};
    float[] t = AreaAverage.resize(mask, 1, 2, 4, 1, 2);
    assertEquals(0.75f, t[0], 0f);
    assertEquals(0.5f, t[1], 0f);
  }

  @Test
  void optionNamesParse() {
    assertEquals(GridReduction.AREA, GridReduction.parse("Area", "--mask-grid"));
    VprException e = assertThrows(VprException.class, () -> GridReduction.parse("nearest", "--mask-grid"));
    assertTrue(e.getMessage().startsWith("--mask-grid"), e.getMessage());
  }
}
