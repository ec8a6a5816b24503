package org.vpr4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.vpr4j.io.FloatArray;

class TorchLayoutTest {
  @Test
  void convWeightsGoFromOihwToHwio() {
    // O=2, I=3, H=1, W=2; value = 1000*o + 100*i + 10*h + w
    float[] v = new float[12];
    int n = 0;
    for (int o = 0; o < 2; o++) {
      for (int i = 0; i < 3; i++) {
        for (int w = 0; w < 2; w++) {
          v[n++] = 1000 * o + 100 * i + w;
        }
      }
    }
    FloatArray tf = TorchLayout.toTf("x.weight", new FloatArray(new long[] {2, 3, 1, 2}, v));
    assertArrayEquals(new long[] {1, 2, 3, 2}, tf.shape());
    // HWIO index [0][1][2][1] = o=1, i=2, w=1
    assertEquals(1201f, tf.data()[((0 * 2 + 1) * 3 + 2) * 2 + 1]);
    assertArrayEquals(v, TorchLayout.toTorch("x.weight", tf).data());
  }

  @Test
  void everyConvElementLandsAtItsTransposedIndex() {
    int outs = 3, ins = 2, height = 2, width = 3;
    float[] oihw = new float[outs * ins * height * width];
    for (int o = 0; o < outs; o++) {
      for (int i = 0; i < ins; i++) {
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            oihw[((o * ins + i) * height + y) * width + x] = 1000 * o + 100 * i + 10 * y + x;
          }
        }
      }
    }
    float[] hwio = TorchLayout.toTf("c.weight", new FloatArray(new long[] {outs, ins, height, width}, oihw)).data();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int i = 0; i < ins; i++) {
          for (int o = 0; o < outs; o++) {
            assertEquals(1000 * o + 100 * i + 10 * y + x, hwio[((y * width + x) * ins + i) * outs + o]);
          }
        }
      }
    }
    assertArrayEquals(new long[] {outs, ins, height, width}, TorchLayout.torchShape("c.weight",
        new long[] {height, width, ins, outs}));
  }

  @Test
  void linearWeightsAreTransposedButCentroidsAreNot() {
    FloatArray lin = new FloatArray(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
    FloatArray t = TorchLayout.toTf("fc.0.weight", lin);
    assertArrayEquals(new long[] {3, 2}, t.shape());
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.data());
    assertArrayEquals(lin.data(), TorchLayout.toTf("pool.centroids", lin).data());
  }
}
