package org.vpr4j.model.attention;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.Attention;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;

/**
 * One module placed between the encoder and the pooling (docs/attention.md), like a Keras layer:
 * it reads NHWC features [B, H, W, C] and creates its parameters through {@link Layers}, named
 * after the PyTorch checkpoint keys of the reference's submodule.
 */
public abstract class AttentionModule {
  private final Attention kind;

  protected AttentionModule(Attention kind) {
    this.kind = kind;
  }

  public final Attention kind() {
    return kind;
  }

  /** The module's spelling in {@code model.attentions}, e.g. {@code senet}. */
  public final String name() {
    return kind.spelling();
  }

  /**
   * Rejects, with a {@link org.vpr4j.VprException}, a feature map the module cannot process the
   * way the reference does (e.g. reflection padding wider than the map). Called before building.
   */
  public void checkFeatureSize(int height, int width) {}

  /** Adds the module's ops; batch norm follows {@code mode} (batch statistics in training). */
  public abstract AttentionOutput apply(Layers layers, Operand<TFloat32> x, Mode mode);
}
