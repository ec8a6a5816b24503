package org.vpr4j.model.attention;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Shape helpers and pooling shared by the attention modules (NHWC). */
final class FeatureMaps {
  private FeatureMaps() {}

  /** Static {H, W, C} of NHWC features; the modules need them when the graph is built. */
  static int[] size(Operand<TFloat32> x) {
    Shape s = x.shape();
    if (s.numDimensions() != 4 || s.size(1) < 0 || s.size(2) < 0 || s.size(3) < 0) {
      throw new IllegalArgumentException("attention needs NHWC features with known H, W and C, got " + s);
    }
    return new int[] {(int) s.size(1), (int) s.size(2), (int) s.size(3)};
  }

  /** Checks the channel count the module was built for. */
  static void requireChannels(Operand<TFloat32> x, int channels, String module) {
    int c = size(x)[2];
    if (c != channels) {
      throw new IllegalArgumentException(module + " was built for " + channels + " channels, features have " + c);
    }
  }

  /** Mean over H and W: [B, H, W, C] to [B, C]. */
  static Operand<TFloat32> globalAverage(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(new int[] {1, 2}));
  }

  /** [B, C] to [B, 1, 1, C], to scale every location of each channel. */
  static Operand<TFloat32> perChannel(Ops tf, Operand<TFloat32> v, int channels) {
    return tf.reshape(v, tf.constant(new long[] {-1, 1, 1, channels}));
  }

  /** Checks the width of a squeeze (bottleneck) layer. */
  static int checkHidden(int hidden, String module) {
    if (hidden < 1) {
      throw new IllegalArgumentException(module + " needs at least one hidden unit, got " + hidden);
    }
    return hidden;
  }
}
