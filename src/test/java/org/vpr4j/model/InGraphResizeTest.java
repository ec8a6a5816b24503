package org.vpr4j.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TUint8;
import org.vpr4j.data.ImageDecoder;
import org.vpr4j.data.RgbImage;
import org.vpr4j.model.layers.Tensors;

/** The resize inside exported SavedModels against Pillow's own BICUBIC output. */
class InGraphResizeTest {
  static final Path DATA = Path.of("src/test/resources/data");

  static byte[] resize(RgbImage in, int w, int h) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var x = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
      var y = InGraphResize.apply(tf, x, h, w);
      try (TUint8 t = Tensors.bytes(new long[] {1, in.height(), in.width(), 3}, in.pixels());
          Result r = s.runner().feed(x, t).fetch(y).run()) {
        byte[] out = new byte[h * w * 3];
        ((TUint8) r.get(0)).copyTo(DataBuffers.of(out, false, false));
        return out;
      }
    }
  }

  @Test
  void matchesPillowBicubicWithinOneGreyLevel() {
    RgbImage input = ImageDecoder.read(DATA.resolve("resize_input.png"));
    int[][] sizes = {{40, 23}, {130, 90}, {50, 80}, {97, 30}, {64, 48}};
    for (int[] s : sizes) {
      RgbImage pillow = ImageDecoder.read(DATA.resolve("resize_" + s[0] + "x" + s[1] + ".png"));
      byte[] got = resize(input, s[0], s[1]);
      int max = 0;
      long sum = 0;
      for (int i = 0; i < got.length; i++) {
        int d = Math.abs((got[i] & 0xff) - (pillow.pixels()[i] & 0xff));
        max = Math.max(max, d);
        sum += d;
      }
      double mean = sum / (double) got.length;
      System.out.printf("in-graph resize %dx%d vs Pillow: max %d, mean %.3f%n", s[0], s[1], max, mean);
      // Only float rounding of the kernel weights differs (Pillow uses fixed-point weights).
      assertTrue(max <= 1 && mean < 0.01, s[0] + "x" + s[1] + ": max difference " + max + ", mean " + mean);
    }
  }
}
