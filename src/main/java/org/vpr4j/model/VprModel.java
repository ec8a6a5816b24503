package org.vpr4j.model;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.attention.AttentionStack;
import org.vpr4j.model.layers.ConvPlan;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;
import org.vpr4j.model.layers.Params;

/**
 * The place-recognition network of a {@link ModelConfig}: VGG16 encoder, then (de-)attention
 * modules, then pooling. One instance owns the {@link Params}; {@link #forward} may be called
 * several times (for instance a training and an inference pass) and shares the variables.
 */
public final class VprModel {

  /** What one forward pass produces; {@code mask} is the de-attention mask [B, H, W, 1] or null. */
  public record Outputs(
      Operand<TFloat32> descriptor,
      Operand<TFloat32> encoderFeatures,
      Operand<TFloat32> localDescriptors,
      Operand<TFloat32> mask) {}

  private final ModelConfig config;
  private final Params params;
  private final Layers layers;
  private final AttentionStack attention;
  private final SessionConfig.Precision precision;

  /** A float32 network with Conv2D convolutions (training, reference inference). */
  public VprModel(ModelConfig config, Ops tf) {
    this(config, tf, SessionConfig.Precision.FP32, ConvPlan.CONV2D);
  }

  /**
   * A network whose session will compute in {@code precision}; under bf16 the NetVLAD layer is
   * built in float64 so that mixed precision leaves it alone (see {@link NetVlad}). {@code convPlan}
   * picks the form of each 3x3 convolution (inference only).
   */
  public VprModel(ModelConfig config, Ops tf, SessionConfig.Precision precision, ConvPlan convPlan) {
    this(config, new Params(tf), precision, convPlan);
  }

  /**
   * An inference-only network whose parameters are graph constants with the given values (those
   * missing get their initial value from {@code seed}); see {@link Params#frozen}.
   */
  public static VprModel frozen(ModelConfig config, Ops tf, SessionConfig.Precision precision, ConvPlan convPlan,
      Map<String, FloatArray> weights, long seed) {
    return new VprModel(config, Params.frozen(tf, weights, seed), precision, convPlan);
  }

  private VprModel(ModelConfig config, Params params, SessionConfig.Precision precision, ConvPlan convPlan) {
    Ops tf = params.tf();
    this.config = config;
    this.params = params;
    this.layers = new Layers(tf, params, precision == SessionConfig.Precision.BF16, convPlan);
    this.attention = AttentionStack.of(config);
    this.precision = precision;
  }

  public ModelConfig config() {
    return config;
  }

  public Params params() {
    return params;
  }

  public Ops tf() {
    return layers.tf();
  }

  /** The convolutions built so far in another form than Conv2D, by parameter key (see {@link ConvPlan}). */
  public java.util.Map<String, org.vpr4j.model.layers.ConvForm> loweredConvolutions() {
    return layers.loweredConvolutions();
  }

  /** Builds the network on uint8 NHWC RGB images already resized to the model's input size. */
  public Outputs forward(Operand<TUint8> images, Mode mode) {
    Ops tf = layers.tf();
    Operand<TFloat32> x = ImageNormalization.apply(tf, images);
    Operand<TFloat32> features = new Vgg16Encoder(config).apply(layers, x);
    Operand<TFloat32> local = layers.l2Normalize(features, -1);
    // Attention modules (org.vpr4j.model.attention) in the reference order; mask = de-attention's.
    AttentionStack.Output attended = attention.apply(layers, features, mode);
    Operand<TFloat32> vladWeight = config.maskWeightedNetVlad() ? attended.deattentionMask() : null;
    Operand<TFloat32> descriptor = switch (config.pooling()) {
      case NETVLAD -> new NetVlad(config.numClusters(), config.encoderDim(), precision == SessionConfig.Precision.BF16)
          .apply(layers, attended.features(), vladWeight);
      default -> new GlobalPooling(config.pooling()).apply(layers, attended.features());
    };
    return new Outputs(descriptor, features, local, attended.deattentionMask());
  }
}
