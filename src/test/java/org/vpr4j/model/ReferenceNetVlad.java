package org.vpr4j.model;

/** NetVLAD v1 written with plain loops, as an independent check of the TF graph. */
final class ReferenceNetVlad {
  private ReferenceNetVlad() {}

  /**
   * @param x features [b][n][d] flattened; conv HWIO [d][k]; centroids [k][d]; weights [b][n] or null
   */
  static float[] compute(float[] x, int b, int n, int d, float[] centroids, float[] conv, int k, float[] weights) {
    float[] out = new float[b * k * d];
    for (int bi = 0; bi < b; bi++) {
      double[][] v = new double[k][d];
      for (int i = 0; i < n; i++) {
        double[] xi = new double[d];
        double sq = 0;
        for (int j = 0; j < d; j++) {
          xi[j] = x[(bi * n + i) * d + j];
          sq += xi[j] * xi[j];
        }
        double norm = Math.max(Math.sqrt(sq), 1e-12);
        for (int j = 0; j < d; j++) {
          xi[j] /= norm;
        }
        double[] logits = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          for (int j = 0; j < d; j++) {
            logits[c] += xi[j] * conv[j * k + c];
          }
          max = Math.max(max, logits[c]);
        }
        double z = 0;
        for (int c = 0; c < k; c++) {
          logits[c] = Math.exp(logits[c] - max);
          z += logits[c];
        }
        double weight = weights == null ? 1.0 : weights[bi * n + i];
        for (int c = 0; c < k; c++) {
          double a = logits[c] / z * weight;
          for (int j = 0; j < d; j++) {
            v[c][j] += a * (xi[j] - centroids[c * d + j]);
          }
        }
      }
      double total = 0;
      for (int c = 0; c < k; c++) {
        double sq = 0;
        for (int j = 0; j < d; j++) {
          sq += v[c][j] * v[c][j];
        }
        double norm = Math.max(Math.sqrt(sq), 1e-12);
        for (int j = 0; j < d; j++) {
          v[c][j] /= norm;
          total += v[c][j] * v[c][j];
        }
      }
      double g = Math.max(Math.sqrt(total), 1e-12);
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          out[bi * k * d + c * d + j] = (float) (v[c][j] / g);
        }
      }
    }
    return out;
  }
}
