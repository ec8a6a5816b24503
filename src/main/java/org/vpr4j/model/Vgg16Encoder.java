package org.vpr4j.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Padding;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.ParamInit;

/**
 * VGG16's convolutional part cropped as in the paper's code: conv1_1 ... conv5_3, without the
 * ReLU after conv5_3 and without the last max-pool (stride 16 output, may be negative).
 * Parameters are named {@code encoder.<torchvision index>.weight|bias}.
 */
public final class Vgg16Encoder {

  /** One conv layer: its index in torchvision's {@code features} and its full-width channels. */
  public record ConvLayer(int index, String name, int fullChannels) {}

  /** Conv layers in order; a max-pool follows conv1_2, conv2_2, conv3_3 and conv4_3. */
  public static final List<ConvLayer> LAYERS = List.of(
      new ConvLayer(0, "conv1_1", 64), new ConvLayer(2, "conv1_2", 64),
      new ConvLayer(5, "conv2_1", 128), new ConvLayer(7, "conv2_2", 128),
      new ConvLayer(10, "conv3_1", 256), new ConvLayer(12, "conv3_2", 256), new ConvLayer(14, "conv3_3", 256),
      new ConvLayer(17, "conv4_1", 512), new ConvLayer(19, "conv4_2", 512), new ConvLayer(21, "conv4_3", 512),
      new ConvLayer(24, "conv5_1", 512), new ConvLayer(26, "conv5_2", 512), new ConvLayer(28, "conv5_3", 512));

  private static final List<Integer> POOL_AFTER = List.of(2, 7, 14, 21);

  private final ModelConfig config;

  public Vgg16Encoder(ModelConfig config) {
    this.config = config;
  }

  /** torchvision index of the first layer of a block name such as {@code conv3} (conv3_1 = 10). */
  public static int firstIndexOf(String block) {
    for (ConvLayer l : LAYERS) {
      if (l.name().startsWith(block + "_")) {
        return l.index();
      }
    }
    throw new IllegalArgumentException("no VGG16 block " + block);
  }

  /** Parameter names of every conv layer, in order. */
  public static List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    for (ConvLayer l : LAYERS) {
      names.add("encoder." + l.index() + ".weight");
      names.add("encoder." + l.index() + ".bias");
    }
    return names;
  }

  /** Applies the encoder to normalised NHWC images; returns conv5_3 before its ReLU. */
  public Operand<TFloat32> apply(Layers layers, Operand<TFloat32> images) {
    Ops tf = layers.tf();
    Operand<TFloat32> x = images;
    int in = 3;
    for (int i = 0; i < LAYERS.size(); i++) {
      ConvLayer l = LAYERS.get(i);
      int out = config.channels(l.fullChannels());
      x = layers.conv("encoder." + l.index(), x, in, out, 3, 1, Padding.ZEROS, 1, true,
          ParamInit.kaimingFanOut(9, out));
      boolean last = i == LAYERS.size() - 1;
      if (!last) {
        x = tf.nn.relu(x);
      }
      if (POOL_AFTER.contains(l.index())) {
        x = tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
      }
      in = out;
    }
    return x;
  }
}
