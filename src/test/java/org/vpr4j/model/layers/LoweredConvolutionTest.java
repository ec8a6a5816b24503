package org.vpr4j.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.Padding;
import org.vpr4j.fixtures.RandomArrays;

/**
 * The 3x3 convolution as three matrix products and as Winograd tiles, against hand-computed values
 * and Conv2D; and which convolutions {@link Layers} lowers.
 */
class LoweredConvolutionTest {

  @ParameterizedTest
  @EnumSource(value = ConvForm.class, names = {"MATMUL", "WINOGRAD"})
  void eachKernelTapReadsTheNeighbourItNames(ConvForm form) {
    // A 2x2 one-channel image [[1, 2], [3, 4]]; zero padding around it.
    float[] image = {1, 2, 3, 4};
    // Only the top-left tap: each output is its upper-left neighbour.
    assertArrayEquals(new float[] {0, 0, 0, 1}, run(image, 1, 2, 2, 1, tap(0, 0), form), 0f);
    // Only the centre: the image itself.
    assertArrayEquals(image, run(image, 1, 2, 2, 1, tap(1, 1), form), 0f);
    // Only the bottom-right tap: the lower-right neighbour.
    assertArrayEquals(new float[] {4, 0, 0, 0}, run(image, 1, 2, 2, 1, tap(2, 2), form), 0f);
    // All ones: every 3x3 window covers the whole image.
    float[] ones = new float[9];
    java.util.Arrays.fill(ones, 1f);
    assertArrayEquals(new float[] {10, 10, 10, 10}, run(image, 1, 2, 2, 1, ones, form), 0f);
  }

  @ParameterizedTest
  @EnumSource(value = ConvForm.class, names = {"MATMUL", "WINOGRAD"})
  void imagesOfABatchDoNotReadEachOther(ConvForm form) {
    // Two 1x3 images; the bottom-centre tap reads the row below, which is padding in both.
    float[] batch = {1, 2, 3, 5, 6, 7};
    assertArrayEquals(new float[6], run(batch, 2, 1, 3, 1, tap(2, 1), form), 0f);
    assertArrayEquals(new float[] {0, 1, 2, 0, 5, 6}, run(batch, 2, 1, 3, 1, tap(1, 0), form), 0f);
  }

  @ParameterizedTest
  @EnumSource(value = ConvForm.class, names = {"MATMUL", "WINOGRAD"})
  void equalsConv2dOnRandomBatches(ConvForm form) {
    Random r = new Random(11);
    // batch, height, width, in, out: odd and even sizes, a one-pixel image, many channels.
    for (int[] s : List.of(new int[] {1, 7, 9, 16, 32}, new int[] {3, 12, 10, 64, 48}, new int[] {2, 1, 1, 16, 8},
        new int[] {1, 2, 3, 24, 5}, new int[] {2, 5, 6, 16, 16})) {
      float[] x = RandomArrays.gaussian(r, s[0] * s[1] * s[2] * s[3]);
      float[] w = RandomArrays.gaussian(r, 9 * s[3] * s[4]);
      float[] expected = conv2d(x, s[0], s[1], s[2], s[3], s[4], w);
      float[] got = run(x, s[0], s[1], s[2], s[3], s[4], w, form);
      assertEquals(expected.length, got.length);
      double max = 0;
      double scale = 0;
      for (int i = 0; i < got.length; i++) {
        max = Math.max(max, Math.abs(expected[i] - got[i]));
        scale = Math.max(scale, Math.abs(expected[i]));
      }
      // Only the float32 roundings differ: a few of the largest sums' (Winograd's exact halvings and
      // additions add a few more).
      assertTrue(max <= 1e-6 * scale * Math.sqrt(9 * s[3]), form + " " + java.util.Arrays.toString(s) + ": max |diff| " + max);
    }
  }

  @Test
  void layersLowerOnlyWide3x3ConvolutionsOfKnownSize() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Layers layers = new Layers(tf, new Params(tf), false, ConvPlan.WINOGRAD);
      var known = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4, 5, 16)));
      layers.conv("known", known, 16, 8, 3, 1, Padding.ZEROS, 1, true);
      layers.conv("unknownSize", tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 16))), 16, 8, 3, 1,
          Padding.ZEROS, 1, true);
      layers.conv("thin", tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4, 5, 3))), 3, 8, 3, 1,
          Padding.ZEROS, 1, true);
      layers.conv("pointwise", known, 16, 8, 1, 0, Padding.ZEROS, 1, true);
      layers.conv("reflect", known, 16, 8, 3, 1, Padding.REFLECT, 1, true);
      layers.conv("dilated", known, 16, 8, 3, 2, Padding.ZEROS, 2, true);
      assertEquals(Map.of("known", ConvForm.WINOGRAD), layers.loweredConvolutions());
    }
  }

  private static float[] tap(int dy, int dx) {
    float[] k = new float[9];
    k[dy * 3 + dx] = 1;
    return k;
  }

  /** One output channel. */
  private static float[] run(float[] x, int batch, int height, int width, int in, float[] w, ConvForm form) {
    return run(x, batch, height, width, in, 1, w, form);
  }

  private static float[] conv2d(float[] x, int batch, int height, int width, int in, int out, float[] w) {
    return run(x, batch, height, width, in, out, w, ConvForm.CONV2D);
  }

  private static float[] run(float[] x, int batch, int height, int width, int in, int out, float[] w, ConvForm form) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, height, width, in)));
      Operand<TFloat32> kernel = tf.constant(Shape.of(3, 3, in, out), DataBuffers.of(w));
      Operand<TFloat32> y = form.apply(tf, input, kernel, in, out);
      try (Session s = new Session(g);
          TFloat32 t = TFloat32.tensorOf(Shape.of(batch, height, width, in), DataBuffers.of(x));
          Result r = s.runner().feed(input, t).fetch(y).run()) {
        TFloat32 result = (TFloat32) r.get(0);
        assertEquals(Shape.of(batch, height, width, out), result.shape());
        return Tensors.toArray(result);
      }
    }
  }
}
