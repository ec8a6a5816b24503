package org.vpr4j.model;

import org.vpr4j.config.ModelConfig;

/** Something that turns a batch of uint8 NHWC RGB images into global descriptors. */
public interface Describer {
  ModelConfig config();

  /** Length of the descriptors it makes: the network's, unless something (a PCA) transforms them. */
  default int descriptorDim() {
    return config().descriptorDim();
  }

  /** Descriptors [n, descriptorDim()] for {@code n} images at the model's input size. */
  float[] describe(byte[] pixels, int n);
}
