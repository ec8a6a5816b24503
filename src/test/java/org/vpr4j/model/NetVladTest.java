package org.vpr4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.vpr4j.fixtures.RandomArrays;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Params;
import org.vpr4j.model.layers.Tensors;

class NetVladTest {

  /** Runs NetVLAD (K clusters, D dims) on NHWC features with the given parameters. */
  private static float[] run(float[] features, int b, int h, int w, int d, float[] centroids, float[] convHwio,
      int k, float[] weights) {
    return run(features, b, h, w, d, centroids, convHwio, k, weights, false);
  }

  private static float[] run(float[] features, int b, int h, int w, int d, float[] centroids, float[] convHwio,
      int k, float[] weights, boolean float64) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Params params = new Params(tf);
      Layers layers = new Layers(tf, params);
      var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, d)));
      Operand<TFloat32> weight = weights == null ? null : tf.constant(Shape.of(b, h, w, 1),
          org.tensorflow.ndarray.buffer.DataBuffers.of(weights, true, false));
      var out = new NetVlad(k, d, float64).apply(layers, x, weight);
      params.assign(s, Map.of(
          NetVlad.CENTROIDS, new FloatArray(new long[] {k, d}, centroids),
          NetVlad.CONV_WEIGHT, new FloatArray(new long[] {1, 1, d, k}, convHwio)));
      try (TFloat32 in = Tensors.floats(new long[] {b, h, w, d}, features);
          Result r = s.runner().feed(x, in).fetch(out).run()) {
        return Tensors.toArray((TFloat32) r.get(0));
      }
    }
  }

  @Test
  void singleLocationByHand() {
    // One location x = (3, 4) -> normalised (0.6, 0.8). Zero assignment weights give a = (1/2, 1/2).
    // Residuals: x - c1 = (0.6, 0.8) - (1, 0) = (-0.4, 0.8); x - c2 = (0.6, 0.8) - (0, 1) = (0.6, -0.2).
    // Each is halved, then intra-normalised: (-0.4472, 0.8944) and (0.9487, -0.3162); the global
    // norm of their concatenation is sqrt(2).
    float[] out = run(new float[] {3, 4}, 1, 1, 1, 2, new float[] {1, 0, 0, 1}, new float[4], 2, null);
    double s2 = Math.sqrt(2);
    float[] expected = {
        (float) (-0.4 / Math.sqrt(0.8) / s2), (float) (0.8 / Math.sqrt(0.8) / s2),
        (float) (0.6 / Math.sqrt(0.4) / s2), (float) (-0.2 / Math.sqrt(0.4) / s2)};
    assertArrayEquals(expected, out, 1e-6f);
  }

  @Test
  void matchesPlainJavaReference() {
    int b = 2, h = 3, w = 4, d = 5, k = 3;
    Random r = new Random(7);
    float[] x = RandomArrays.gaussian(r, b * h * w * d);
    float[] c = RandomArrays.gaussian(r, k * d);
    float[] conv = RandomArrays.gaussian(r, d * k);
    float[] got = run(x, b, h, w, d, c, conv, k, null);
    float[] want = ReferenceNetVlad.compute(x, b, h * w, d, c, conv, k, null);
    assertArrayEquals(want, got, 1e-5f);
    assertEquals(b * k * d, got.length);
  }

  @Test
  void spatialMaskIsCancelledUnlessItWeightsTheAssignment() {
    int b = 1, h = 2, w = 3, d = 4, k = 2;
    Random r = new Random(11);
    float[] x = RandomArrays.gaussian(r, b * h * w * d);
    float[] c = RandomArrays.gaussian(r, k * d);
    float[] conv = RandomArrays.gaussian(r, d * k);
    float[] mask = {0.9f, 0.1f, 0.5f, 0.3f, 0.99f, 0.05f};
    float[] masked = x.clone();
    for (int loc = 0; loc < h * w; loc++) {
      for (int j = 0; j < d; j++) {
        masked[loc * d + j] *= mask[loc];
      }
    }
    // docs/model.md: per-location normalisation removes a positive spatial mask.
    assertArrayEquals(run(x, b, h, w, d, c, conv, k, null), run(masked, b, h, w, d, c, conv, k, null), 1e-6f);
    // The mask-weighted variant keeps it.
    float[] weighted = run(x, b, h, w, d, c, conv, k, mask);
    assertArrayEquals(ReferenceNetVlad.compute(x, b, h * w, d, c, conv, k, mask), weighted, 1e-5f);
  }

  @Test
  void float64VariantComputesTheSameLayerInFloat32Out() {
    int b = 2, h = 3, w = 4, d = 5, k = 3;
    Random r = new Random(13);
    float[] x = RandomArrays.gaussian(r, b * h * w * d);
    float[] c = RandomArrays.gaussian(r, k * d);
    float[] conv = RandomArrays.gaussian(r, d * k);
    // A sharp assignment (alpha ~ 255, as NetVLAD's initialisation gives on weak features).
    for (int i = 0; i < conv.length; i++) {
      conv[i] *= 255;
    }
    float[] mask = {0.9f, 0.1f, 0.5f, 0.3f, 0.99f, 0.05f, 1, 1, 0.2f, 0.4f, 0.6f, 0.8f};
    float[] mask2 = new float[b * h * w];
    for (int i = 0; i < mask2.length; i++) {
      mask2[i] = mask[i % mask.length];
    }
    float[] want = ReferenceNetVlad.compute(x, b, h * w, d, c, conv, k, mask2);
    assertArrayEquals(want, run(x, b, h, w, d, c, conv, k, mask2, true), 1e-6f);
    assertArrayEquals(want, run(x, b, h, w, d, c, conv, k, mask2, false), 1e-4f);
  }
}
