package org.vpr4j.model.attention;

import org.vpr4j.config.ModelConfig;

/**
 * Output channels of the mask head's 3x3, 5x5 and 7x7 branches (docs/attention.md): 32, 32, 20 in
 * the paper (32, 32, 32 for the unused de-attention version 3). Smaller models scale them with the
 * encoder width by {@link ModelConfig#channels}, the rule the PyTorch twin in
 * {@code weights-import} uses too, so tiny checkpoints made there fit this model.
 */
public record MaskBranches(int conv1, int conv2, int conv3) {
  public static final MaskBranches PAPER = new MaskBranches(32, 32, 20);
  public static final MaskBranches PAPER_VERSION_3 = new MaskBranches(32, 32, 32);

  public MaskBranches {
    if (conv1 < 1 || conv2 < 1 || conv3 < 1) {
      throw new IllegalArgumentException("mask branches need at least one channel each: " + this);
    }
  }

  /** The paper's branches scaled to the config's width. */
  public MaskBranches scaledFor(ModelConfig config) {
    return new MaskBranches(config.channels(conv1), config.channels(conv2), config.channels(conv3));
  }

  /** Channels of their concatenation, the input of the 1x1 conv (84 in the paper). */
  public int total() {
    return conv1 + conv2 + conv3;
  }
}
