package org.vpr4j.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.vpr4j.config.Padding;

/**
 * The bf16 graph gives a convolution with an odd input channel count an extra zero channel (see
 * {@link Layers}); that must not change what it computes. Checked in float32, so on any CPU.
 */
class LayersEvenChannelsTest {
  @Test
  void aZeroChannelChangesNothing() {
    int n = 2;
    int h = 6;
    int w = 5;
    float[] x = new float[n * h * w * 3];
    Random r = new Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params params = new Params(tf);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, h, w, 3)));
      // Both layers share the parameters (same keys), so only the padding differs.
      Operand<TFloat32> plain = new Layers(tf, params).conv("c", in, 3, 4, 3, 1, Padding.ZEROS, 1, true);
      Operand<TFloat32> even = new Layers(tf, params, true, ConvPlan.CONV2D)
          .conv("c", in, 3, 4, 3, 1, Padding.ZEROS, 1, true);
      try (Session s = new Session(g)) {
        params.initialize(s, 1);
        try (TFloat32 t = Tensors.floats(new long[] {n, h, w, 3}, x);
            Result res = s.runner().feed(in, t).fetch(plain).fetch(even).run()) {
          float[] a = Tensors.toArray((TFloat32) res.get(0));
          float[] b = Tensors.toArray((TFloat32) res.get(1));
          assertEquals(n * h * w * 4, a.length);
          for (int i = 0; i < a.length; i++) {
            // The zero channel adds exact zeros; only the kernel's summation order may differ.
            assertEquals(a[i], b[i], 1e-5 * Math.max(1, Math.abs(a[i])), "output " + i);
          }
        }
      }
    }
  }
}
