package org.vpr4j.eval.pca;

import org.vpr4j.config.ModelConfig;
import org.vpr4j.model.Describer;

/** A model whose descriptors go through a PCA before anyone sees them. Closing frees the projection, not the model. */
public final class ProjectedDescriber implements Describer, AutoCloseable {
  private final Describer model;
  private final PcaProjection projection;

  public ProjectedDescriber(Describer model, Pca pca) {
    if (pca.inputDim() != model.descriptorDim()) {
      throw new IllegalArgumentException("a PCA of " + pca.inputDim() + "-D descriptors for a model making "
          + model.descriptorDim() + "-D ones");
    }
    this.model = model;
    this.projection = new PcaProjection(pca);
  }

  @Override
  public ModelConfig config() {
    return model.config();
  }

  @Override
  public int descriptorDim() {
    return projection.pca().dim();
  }

  @Override
  public float[] describe(byte[] pixels, int n) {
    return projection.apply(model.describe(pixels, n), n);
  }

  @Override
  public void close() {
    projection.close();
  }
}
