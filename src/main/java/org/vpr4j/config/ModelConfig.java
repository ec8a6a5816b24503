package org.vpr4j.config;

import java.util.List;
import java.util.Locale;
import org.vpr4j.VprException;

/**
 * What network to build: backbone, input size, pooling and attention modules.
 *
 * @param backbone only {@code vgg16} (the paper's encoder)
 * @param width fraction of VGG16's channels (1.0 = the paper; smaller for demos and tests)
 * @param inputWidth image width fed to the network in pixels (the paper resizes to 640)
 * @param inputHeight image height in pixels (480 in the paper)
 * @param pooling {@code netvlad}, {@code max}, {@code avg} or {@code gem}
 * @param numClusters NetVLAD's K (64 in the paper)
 * @param attentions attention modules in the order the user listed them; they always run in
 *     the reference order of SPEC §3.0 (see {@link #ATTENTION_ORDER})
 */
public record ModelConfig(
    String backbone,
    double width,
    int inputWidth,
    int inputHeight,
    String pooling,
    int numClusters,
    List<String> attentions) {

  /** The order in which the reference code applies attention modules after the encoder. */
  public static final List<String> ATTENTION_ORDER =
      List.of("deattention", "ch", "eca", "senet", "bam", "cbam", "crn");

  public static final List<String> POOLINGS = List.of("netvlad", "max", "avg", "gem");

  public ModelConfig {
    backbone = backbone == null ? "vgg16" : backbone.toLowerCase(Locale.ROOT);
    pooling = pooling == null ? "netvlad" : pooling.toLowerCase(Locale.ROOT);
    attentions = attentions == null ? List.of() : List.copyOf(attentions);
    if (!backbone.equals("vgg16")) {
      throw new VprException("model backbone '" + backbone + "' is not supported (only vgg16)");
    }
    if (!(width > 0 && width <= 1.0)) {
      throw new VprException("model width " + width + " must be in (0, 1]");
    }
    if (inputWidth < 16 || inputHeight < 16) {
      throw new VprException("model input " + inputWidth + "x" + inputHeight + " is too small (at least 16x16)");
    }
    if (!POOLINGS.contains(pooling)) {
      throw new VprException("model pooling '" + pooling + "' is not one of " + POOLINGS);
    }
    if (pooling.equals("netvlad") && numClusters < 2) {
      throw new VprException("model numClusters " + numClusters + " must be at least 2 for NetVLAD");
    }
    for (String a : attentions) {
      if (!ATTENTION_ORDER.contains(a)) {
        throw new VprException("model attention '" + a + "' is not one of " + ATTENTION_ORDER);
      }
    }
  }

  /** The paper's network: full VGG16 at 640x480, NetVLAD with 64 clusters, no attention. */
  public static ModelConfig paper() {
    return new ModelConfig("vgg16", 1.0, 640, 480, "netvlad", 64, List.of());
  }

  public ModelConfig withWidth(double w) {
    return new ModelConfig(backbone, w, inputWidth, inputHeight, pooling, numClusters, attentions);
  }

  public ModelConfig withInputSize(int w, int h) {
    return new ModelConfig(backbone, width, w, h, pooling, numClusters, attentions);
  }

  public ModelConfig withClusters(int k) {
    return new ModelConfig(backbone, width, inputWidth, inputHeight, pooling, k, attentions);
  }

  /** Number of channels of a VGG layer that has {@code fullChannels} at width 1.0. */
  public int channels(int fullChannels) {
    return Math.max(1, (int) Math.round(fullChannels * width));
  }

  /** Channels of the encoder output (conv5_3): 512 at full width. */
  public int encoderDim() {
    return channels(512);
  }

  public boolean has(String attention) {
    return attentions.contains(attention);
  }

  /** Length of the global descriptor this model produces. */
  public int descriptorDim() {
    return pooling.equals("netvlad") ? numClusters * encoderDim() : encoderDim();
  }

  /** Height of the feature map (stride 16, as VGG16's four 2x2 pools with floor). */
  public int featureHeight() {
    return inputHeight / 16;
  }

  public int featureWidth() {
    return inputWidth / 16;
  }
}
