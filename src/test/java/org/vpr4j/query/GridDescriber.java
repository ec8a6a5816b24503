package org.vpr4j.query;

import java.util.List;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Pooling;
import org.vpr4j.model.Describer;

/**
 * A describer without a network, for fast tests: the mean brightness of each cell of a grid
 * over the image, L2-normalised. Its config claims average pooling at 1/16 width so that {@code
 * descriptorDim()} (32) matches the 4 x 8 grid.
 */
public final class GridDescriber implements Describer {
  public static final ModelConfig CONFIG = new ModelConfig(Backbone.VGG16, 0.0625, 64, 48, Pooling.AVG, 8, List.of());
  private static final int ROWS = 4;
  private static final int COLS = 8;

  @Override
  public ModelConfig config() {
    return CONFIG;
  }

  @Override
  public float[] describe(byte[] pixels, int n) {
    int w = CONFIG.inputWidth();
    int h = CONFIG.inputHeight();
    int dim = ROWS * COLS;
    float[] out = new float[n * dim];
    for (int i = 0; i < n; i++) {
      double[] cell = new double[dim];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int o = ((i * h + y) * w + x) * 3;
          int c = (y * ROWS / h) * COLS + x * COLS / w;
          cell[c] += (pixels[o] & 0xff) + (pixels[o + 1] & 0xff) + (pixels[o + 2] & 0xff);
        }
      }
      double norm = 0;
      for (double v : cell) {
        norm += v * v;
      }
      norm = Math.sqrt(norm) + 1e-12;
      for (int c = 0; c < dim; c++) {
        out[i * dim + c] = (float) (cell[c] / norm);
      }
    }
    return out;
  }
}
