package org.vpr4j.model.attention;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.Attention;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;

/**
 * The attention modules a {@link ModelConfig} asks for, applied between the encoder and the
 * pooling in the reference order of docs/attention.md (de-attention, ch, eca, senet, bam, cbam, crn)
 * whatever order the config lists them in. Only the de-attention mask leaves the stack; CRN's
 * mask is discarded, as in the reference.
 */
public final class AttentionStack {

  /** Features for the pooling, and the de-attention mask [B, H, W, 1] or {@code null}. */
  public record Output(Operand<TFloat32> features, Operand<TFloat32> deattentionMask) {}

  /** Hidden units of SE, BAM and CBAM at full width: 512 channels reduced by 16. */
  public static final int PAPER_HIDDEN = 32;

  private final List<AttentionModule> modules;

  public AttentionStack(List<AttentionModule> modules) {
    this.modules = List.copyOf(modules);
  }

  /**
   * Builds the modules of {@code config} in reference order, and checks (with a
   * {@link org.vpr4j.VprException}) that its feature map suits them.
   */
  public static AttentionStack of(ModelConfig config) {
    List<AttentionModule> modules = new ArrayList<>();
    for (Attention name : ModelConfig.ATTENTION_ORDER) {
      if (config.has(name)) {
        AttentionModule m = create(name, config);
        m.checkFeatureSize(config.featureHeight(), config.featureWidth());
        modules.add(m);
      }
    }
    return new AttentionStack(modules);
  }

  /**
   * One module by its config name, sized for the config's encoder. Like the encoder's channels,
   * the squeeze layers' hidden units (32 = 512/16 in the paper) and the mask-head branches scale
   * with the model width, by the same rounding as the PyTorch twin in {@code weights-import}.
   */
  public static AttentionModule create(Attention name, ModelConfig config) {
    int channels = config.encoderDim();
    int hidden = config.channels(PAPER_HIDDEN);
    return switch (name) {
      case DEATTENTION -> new DeAttention(channels, config.deattentionVersion(), config.deattentionPadding(),
          (config.deattentionVersion() == 3 ? MaskBranches.PAPER_VERSION_3 : MaskBranches.PAPER).scaledFor(config));
      case CH -> new ChannelAttention();
      case ECA -> new EcaAttention(EcaAttention.DEFAULT_KERNEL);
      case SENET -> new SqueezeExcitation(channels, hidden);
      case BAM -> new Bam(channels, hidden, config.bamPooling());
      case CBAM -> new Cbam(channels, hidden);
      case CRN -> new Crn(channels, MaskBranches.PAPER.scaledFor(config));
    };
  }

  /** The modules in the order they are applied. */
  public List<AttentionModule> modules() {
    return modules;
  }

  /** Applies every module in turn to the encoder's features [B, H, W, C]. */
  public Output apply(Layers layers, Operand<TFloat32> features, Mode mode) {
    Operand<TFloat32> x = features;
    Operand<TFloat32> mask = null;
    for (AttentionModule m : modules) {
      AttentionOutput out = m.apply(layers, x, mode);
      x = out.features();
      if (m instanceof DeAttention) {
        mask = out.mask();
      }
    }
    return new Output(x, mask);
  }
}
