package org.vpr4j.model.attention;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;

/**
 * One module placed between the encoder and the pooling (SPEC §3). It reads NHWC features
 * [B, H, W, C] and creates its parameters through {@link Layers}, named after the PyTorch
 * checkpoint keys under {@link #prefix()}.
 */
public interface AttentionModule {

  /** The module's name in {@code ModelConfig.attentions}, e.g. {@code senet}. */
  String name();

  /** The PyTorch submodule name that starts its checkpoint keys, e.g. {@code senet_attention}. */
  String prefix();

  /**
   * Rejects, with a {@link org.vpr4j.VprException}, a feature map the module cannot process the
   * way the reference does (e.g. reflection padding wider than the map). Called before building.
   */
  default void checkFeatureSize(int height, int width) {}

  /** Adds the module's ops; batch norm follows {@code mode} (batch statistics in training). */
  AttentionOutput apply(Layers layers, Operand<TFloat32> x, Mode mode);
}
