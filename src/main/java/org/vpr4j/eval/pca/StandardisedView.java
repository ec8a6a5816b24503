package org.vpr4j.eval.pca;

import java.nio.FloatBuffer;
import org.vpr4j.eval.DescriptorStore;

/**
 * A descriptor matrix with each feature standardised to zero mean and unit variance over its own
 * rows, as scikit-learn's {@code StandardScaler} does (population variance; a constant feature
 * keeps scale 1). Values are computed on read, so nothing is copied.
 */
final class StandardisedView implements DescriptorStore {
  private final DescriptorStore base;
  private final float[] mean;
  private final float[] invStd;

  private StandardisedView(DescriptorStore base, float[] mean, float[] invStd) {
    this.base = base;
    this.mean = mean;
    this.invStd = invStd;
  }

  /** Fits the scaler on {@code base} (one pass, float64 sums) and returns the standardised view. */
  static StandardisedView fit(DescriptorStore base) {
    int d = base.dim();
    double[] sum = new double[d];
    double[] squares = new double[d];
    int block = PcaLearner.blockRows(d);
    for (int r0 = 0; r0 < base.rows(); r0 += block) {
      int rn = Math.min(block, base.rows() - r0);
      float[] x = base.read(r0, rn);
      for (int j = 0; j < x.length; j++) {
        sum[j % d] += x[j];
        squares[j % d] += (double) x[j] * x[j];
      }
    }
    float[] mean = new float[d];
    float[] invStd = new float[d];
    for (int i = 0; i < d; i++) {
      double mu = sum[i] / base.rows();
      double var = Math.max(0, squares[i] / base.rows() - mu * mu);
      mean[i] = (float) mu;
      invStd[i] = var > 0 ? (float) (1 / Math.sqrt(var)) : 1f;
    }
    return new StandardisedView(base, mean, invStd);
  }

  @Override
  public int rows() {
    return base.rows();
  }

  @Override
  public int dim() {
    return base.dim();
  }

  @Override
  public void read(int firstRow, int rowCount, FloatBuffer dst) {
    float[] x = base.read(firstRow, rowCount);
    int d = dim();
    for (int j = 0; j < x.length; j++) {
      x[j] = (x[j] - mean[j % d]) * invStd[j % d];
    }
    dst.put(x);
  }
}
