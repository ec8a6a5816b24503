package org.vpr4j.model.attention;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.vpr4j.VprException;
import org.vpr4j.config.Attention;
import org.vpr4j.config.Padding;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;

/**
 * The CRN-style mask head shared by {@link Crn} and {@link DeAttention} (docs/attention.md). On
 * L2-normalised features, three branches (3x3, 5x5 and 7x7 convs, widths {@link MaskBranches})
 * each run Conv, ReLU, then BatchNorm (BN after the ReLU, as the reference); their concatenation
 * goes through a 1x1 conv to one channel, ReLU, BatchNorm and a sigmoid. Keys
 * {@code <prefix>.crn_conv1..4.0} (conv) and {@code .2} (BN).
 */
final class MaskHead {
  private static final float BN_MOMENTUM = 0.1f;
  private static final int LARGEST_KERNEL = 7;

  private final String prefix;
  private final int channels;
  private final MaskBranches branches;
  private final Padding padding;

  MaskHead(String prefix, int channels, MaskBranches branches, Padding padding) {
    this.prefix = prefix;
    this.channels = channels;
    this.branches = branches;
    this.padding = padding;
  }

  /** Reflection needs more rows and columns than it pads (3 for the 7x7 branch), as in PyTorch. */
  void checkFeatureSize(String module, int height, int width) {
    int pad = LARGEST_KERNEL / 2;
    if (padding == Padding.REFLECT && (height <= pad || width <= pad)) {
      throw new VprException(module + "'s reflection padding of " + pad + " needs a feature map of at least "
          + (pad + 1) + "x" + (pad + 1) + ", this one is " + height + "x" + width
          + " (HxW); use a larger model input size"
          + (module.equals(Attention.DEATTENTION.spelling()) ? " or model.deattentionPadding zeros" : ""));
    }
  }

  /** The mask [B, H, W, 1] in (0, 1) of features that are already L2-normalised per location. */
  Operand<TFloat32> mask(Layers layers, Operand<TFloat32> normalized, Mode mode) {
    Ops tf = layers.tf();
    FeatureMaps.requireChannels(normalized, channels, prefix);
    List<Operand<TFloat32>> outputs = new ArrayList<>();
    outputs.add(branch(layers, 1, normalized, channels, branches.conv1(), 3, padding, mode));
    outputs.add(branch(layers, 2, normalized, channels, branches.conv2(), 5, padding, mode));
    outputs.add(branch(layers, 3, normalized, channels, branches.conv3(), 7, padding, mode));
    Operand<TFloat32> joined = tf.concat(outputs, tf.constant(3));
    // A 1x1 conv has no padding, so its padding mode does not matter.
    return tf.math.sigmoid(branch(layers, 4, joined, branches.total(), 1, 1, Padding.ZEROS, mode));
  }

  /** Conv (same-size output), ReLU, BatchNorm. */
  private Operand<TFloat32> branch(Layers layers, int index, Operand<TFloat32> x, int in, int out, int kernel,
      Padding pad, Mode mode) {
    String key = prefix + ".crn_conv" + index;
    Operand<TFloat32> y = layers.conv(key + ".0", x, in, out, kernel, kernel / 2, pad, 1, true);
    return layers.batchNorm(key + ".2", layers.tf().nn.relu(y), out, BN_MOMENTUM, mode);
  }
}
