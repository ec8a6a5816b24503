package org.vpr4j.model;

import org.vpr4j.config.ModelConfig;

/** Something that turns a batch of uint8 NHWC RGB images into global descriptors. */
public interface Describer {
  ModelConfig config();

  /** Descriptors [n, config().descriptorDim()] for {@code n} images at the model's input size. */
  float[] describe(byte[] pixels, int n);
}
