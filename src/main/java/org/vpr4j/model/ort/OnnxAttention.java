package org.vpr4j.model.ort;

import java.util.List;
import org.vpr4j.VprException;
import org.vpr4j.config.Attention;
import org.vpr4j.config.BamPooling;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Padding;
import org.vpr4j.model.attention.AttentionStack;
import org.vpr4j.model.attention.Bam;
import org.vpr4j.model.attention.Cbam;
import org.vpr4j.model.attention.ChannelAttention;
import org.vpr4j.model.attention.Crn;
import org.vpr4j.model.attention.DeAttention;
import org.vpr4j.model.attention.EcaAttention;
import org.vpr4j.model.attention.SqueezeExcitation;

/**
 * The attention modules of {@code org.vpr4j.model.attention} as ONNX nodes on NCHW features, in
 * the same reference order ({@link AttentionStack}) and with the same inference semantics (batch
 * norm on running statistics). Each method mirrors the module of the same name; see those
 * classes and docs/attention.md for what they compute.
 */
final class OnnxAttention {
  /** Features for the pooling and the de-attention mask [N, 1, H, W] (or null). */
  record Output(String features, String deattentionMask) {}

  private final ModelConfig config;
  private final OnnxLayers l;

  OnnxAttention(ModelConfig config, OnnxLayers layers) {
    this.config = config;
    this.l = layers;
  }

  Output apply(String features) {
    // Validates the feature map for the modules exactly as the TensorFlow model does.
    AttentionStack.of(config);
    String x = features;
    String mask = null;
    for (Attention name : ModelConfig.ATTENTION_ORDER) {
      if (!config.has(name)) {
        continue;
      }
      switch (name) {
        case DEATTENTION -> {
          mask = maskHead(DeAttention.PREFIX, l.l2Normalize(x, 1),
              config.deattentionPadding());
          String masked = l.mul(x, mask);
          x = config.deattentionVersion() == 2 ? l.add(x, masked) : masked;
        }
        case CH -> x = l.mul(x, l.sigmoid(l.spatialMean(x, true)));
        case ECA -> x = eca(x);
        case SENET -> x = senet(x);
        case BAM -> x = bam(x);
        case CBAM -> x = cbam(x);
        case CRN -> {
          String normalized = l.l2Normalize(x, 1);
          x = l.mul(normalized, maskHead(Crn.PREFIX, normalized, Padding.REFLECT));
        }
        default -> throw new VprException("the ONNX Runtime engine cannot build attention module '" + name
            + "'; use --engine tf");
      }
    }
    return new Output(x, mask);
  }

  /** {@code MaskHead}: three branches (conv k, ReLU, BN), concatenated, 1x1 conv, ReLU, BN, sigmoid. */
  private String maskHead(String prefix, String normalized, Padding padding) {
    String b1 = branch(prefix + ".crn_conv1", normalized, 3, padding);
    String b2 = branch(prefix + ".crn_conv2", normalized, 5, padding);
    String b3 = branch(prefix + ".crn_conv3", normalized, 7, padding);
    String joined = l.graph().node("Concat", List.of(b1, b2, b3), OnnxGraph.integer("axis", 1));
    return l.sigmoid(branch(prefix + ".crn_conv4", joined, 1, Padding.ZEROS));
  }

  private String branch(String key, String x, int kernel, Padding padding) {
    return l.batchNorm(key + ".2", l.relu(l.conv(key + ".0", x, kernel / 2, padding, 1, true)));
  }

  private String senet(String x) {
    String p = SqueezeExcitation.PREFIX;
    String h = l.relu(l.dense(p + ".fc.0", l.spatialMean(x, false), false));
    String w = l.sigmoid(l.dense(p + ".fc.2", h, false));
    return l.mul(x, l.perChannel(w, config.encoderDim()));
  }

  private String eca(String x) {
    int channels = config.encoderDim();
    long kernel = l.weight(EcaAttention.WEIGHT).shape()[2];
    // The pooled channels as a one-channel 1-D signal [N, 1, C]; the kernel [1, 1, k] is already OIW.
    String row = l.reshape(l.spatialMean(x, false), -1, 1, channels);
    String filtered = l.graph().node("Conv", List.of(row, l.constant(EcaAttention.WEIGHT)),
        OnnxGraph.ints("pads", (kernel - 1) / 2, (kernel - 1) / 2));
    String w = l.sigmoid(l.reshape(filtered, -1, channels));
    return l.mul(x, l.perChannel(w, channels));
  }

  private String bam(String x) {
    String channel = Bam.PREFIX + ".channel_att.gate_c.";
    String spatial = Bam.PREFIX + ".spatial_att.gate_s.";
    String pooled = x;
    if (config.bamPooling() == BamPooling.SQUARE) {
      // The reference's H x H window: columns 0 .. H-1 of the map (W is axis 3 in NCHW).
      pooled = l.graph().node("Slice", List.of(x, l.graph().longs("starts", 0), l.graph().longs("ends",
          config.featureHeight()), l.graph().longs("axes", 3)));
    }
    String c = l.dense(channel + "gate_c_fc_0", l.spatialMean(pooled, false), true);
    c = l.relu(l.batchNorm(channel + "gate_c_bn_1", c));
    c = l.perChannel(l.dense(channel + "gate_c_fc_final", c, true), config.encoderDim());
    String s = l.relu(l.batchNorm(spatial + "gate_s_bn_reduce0",
        l.conv(spatial + "gate_s_conv_reduce0", x, 0, Padding.ZEROS, 1, true)));
    for (int i = 0; i < 2; i++) {
      s = l.conv(spatial + "gate_s_conv_di_" + i, s, 4, Padding.ZEROS, 4, true);
      s = l.relu(l.batchNorm(spatial + "gate_s_bn_di_" + i, s));
    }
    s = l.conv(spatial + "gate_s_conv_final", s, 0, Padding.ZEROS, 1, true);
    String scale = l.add(l.graph().scalar("one", 1f), l.sigmoid(l.mul(c, s)));
    return l.mul(scale, x);
  }

  private String cbam(String x) {
    String mlp = Cbam.PREFIX + ".ChannelGate.mlp.";
    String logits = l.add(cbamMlp(mlp, l.spatialMean(x, false)), cbamMlp(mlp, l.spatialMax(x, false)));
    String gated = l.mul(x, l.perChannel(l.sigmoid(logits), config.encoderDim()));
    String spatial = Cbam.PREFIX + ".SpatialGate.spatial.";
    String max = l.graph().node("ReduceMax", gated, OnnxGraph.ints("axes", 1), OnnxGraph.integer("keepdims", 1));
    String mean = l.graph().node("ReduceMean", gated, OnnxGraph.ints("axes", 1), OnnxGraph.integer("keepdims", 1));
    String pooled = l.graph().node("Concat", List.of(max, mean), OnnxGraph.integer("axis", 1));
    String y = l.batchNorm(spatial + "bn", l.conv(spatial + "conv", pooled, 3, Padding.ZEROS, 1, false));
    return l.mul(gated, l.sigmoid(y));
  }

  private String cbamMlp(String prefix, String pooled) {
    return l.dense(prefix + "3", l.relu(l.dense(prefix + "1", pooled, true)), true);
  }
}
