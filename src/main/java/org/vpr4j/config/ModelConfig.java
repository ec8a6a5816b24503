package org.vpr4j.config;

import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;

/**
 * What network to build: backbone, input size, pooling and attention modules.
 *
 * @param backbone only VGG16 (the paper's encoder)
 * @param width fraction of VGG16's channels (1.0 = the paper; smaller for demos and tests)
 * @param inputWidth image width fed to the network in pixels (the paper resizes to 640)
 * @param inputHeight image height in pixels (480 in the paper)
 * @param pooling NetVLAD, or a global max, average or GeM
 * @param numClusters NetVLAD's K (64 in the paper)
 * @param attentions attention modules in the order the user listed them; they always run in
 *     the reference order of docs/attention.md (see {@link #ATTENTION_ORDER})
 * @param deattentionVersion de-attention output: 1 {@code x*mask} (paper), 2 {@code x + x*mask},
 *     3 as 1 with a wider 7x7 branch
 * @param deattentionPadding padding of the de-attention mask head: {@code reflect} (paper) or
 *     {@code zeros}
 * @param bamPooling BAM channel-gate pooling: {@code square} (the reference's H x H window, see
 *     {@code Bam}) or {@code global}
 * @param maskWeightedNetVlad weight NetVLAD's soft assignment by the de-attention mask (our
 *     variant; in the reference NetVLAD's normalisation cancels the mask, docs/model.md)
 */
public record ModelConfig(
    Backbone backbone,
    double width,
    int inputWidth,
    int inputHeight,
    Pooling pooling,
    int numClusters,
    List<Attention> attentions,
    int deattentionVersion,
    Padding deattentionPadding,
    BamPooling bamPooling,
    boolean maskWeightedNetVlad) {

  /** The order in which the reference code applies attention modules after the encoder ({@link Variants}). */
  public static final List<Attention> ATTENTION_ORDER =
      Variants.attentionOrder().stream().map(Variants.AttentionKeys::name).toList();

  public ModelConfig {
    backbone = backbone == null ? Backbone.VGG16 : backbone;
    pooling = pooling == null ? Pooling.NETVLAD : pooling;
    attentions = attentions == null ? List.of() : List.copyOf(attentions);
    deattentionPadding = deattentionPadding == null ? Padding.REFLECT : deattentionPadding;
    bamPooling = bamPooling == null ? BamPooling.SQUARE : bamPooling;
    if (!(width > 0 && width <= 1.0)) {
      throw new VprException("model.width " + width + " must be in (0, 1]");
    }
    double firstConv = Variants.width().firstConvChannels() * width;
    if (Math.abs(firstConv - Math.round(firstConv)) > 1e-6) {
      throw new VprException("model.width " + width + ": " + Variants.width().firstConvChannels()
          + " * width must be a whole number of channels (e.g. 1, 0.5, 0.25, 0.125)");
    }
    if (inputWidth < 16 || inputHeight < 16) {
      throw new VprException("model.inputWidth x inputHeight " + inputWidth + "x" + inputHeight
          + " is too small (at least 16x16)");
    }
    if (pooling == Pooling.NETVLAD && numClusters < 2) {
      throw new VprException("model.numClusters " + numClusters + " must be at least 2 for NetVLAD");
    }
    if (deattentionVersion < 1 || deattentionVersion > 3) {
      throw new VprException("model.deattentionVersion " + deattentionVersion + " must be 1, 2 or 3");
    }
    if (maskWeightedNetVlad && !(attentions.contains(Attention.DEATTENTION) && pooling == Pooling.NETVLAD)) {
      throw new VprException("model.maskWeightedNetVlad needs the deattention module and netvlad pooling");
    }
  }

  /** A model with the reference's attention options (de-attention v1, reflect; square BAM pooling). */
  public ModelConfig(Backbone backbone, double width, int inputWidth, int inputHeight, Pooling pooling,
      int numClusters, List<Attention> attentions) {
    this(backbone, width, inputWidth, inputHeight, pooling, numClusters, attentions, 1, Padding.REFLECT,
        BamPooling.SQUARE, false);
  }

  public ModelConfig withAttentions(List<Attention> a, int version, Padding padding, BamPooling bam,
      boolean weighted) {
    return with(Map.of("attentions", a, "deattentionVersion", version, "deattentionPadding", padding,
        "bamPooling", bam, "maskWeightedNetVlad", weighted));
  }
  // ---- end of attention options ----

  /** The paper's network: full VGG16 at 640x480, NetVLAD with 64 clusters, no attention. */
  public static ModelConfig paper() {
    return new ModelConfig(Backbone.VGG16, 1.0, 640, 480, Pooling.NETVLAD, 64, List.of());
  }

  /** This configuration with {@code changes} (field name to value), validated like any other. */
  public ModelConfig with(Map<String, ?> changes) {
    return Copies.with(this, changes);
  }

  public ModelConfig withWidth(double w) {
    return with(Map.of("width", w));
  }

  public ModelConfig withInputSize(int w, int h) {
    return with(Map.of("inputWidth", w, "inputHeight", h));
  }

  public ModelConfig withClusters(int k) {
    return with(Map.of("numClusters", k));
  }

  /** Number of channels of a VGG layer that has {@code fullChannels} at width 1.0. */
  public int channels(int fullChannels) {
    return Math.max(1, (int) Math.round(fullChannels * width));
  }

  /** Channels of the encoder output (conv5_3): 512 at full width. */
  public int encoderDim() {
    return channels(512);
  }

  public boolean has(Attention attention) {
    return attentions.contains(attention);
  }

  /** Length of the global descriptor this model produces. */
  public int descriptorDim() {
    return pooling == Pooling.NETVLAD ? numClusters * encoderDim() : encoderDim();
  }

  /** Height of the feature map (stride 16, as VGG16's four 2x2 pools with floor). */
  public int featureHeight() {
    return inputHeight / 16;
  }

  public int featureWidth() {
    return inputWidth / 16;
  }
}
