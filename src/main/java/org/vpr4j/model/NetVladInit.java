package org.vpr4j.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.vpr4j.VprException;
import org.vpr4j.io.FloatArray;

/**
 * NetVLAD v1 initialisation from k-means centroids (SPEC §2): the soft-assignment weights are
 * alpha times the L2-normalised centroids, with alpha = -ln(0.01) / mean(best - second-best
 * cosine similarity of the sample descriptors); the centroids parameter keeps the raw centres.
 */
public final class NetVladInit {
  /** The paper's code adds this to the centroids "to prevent dividing by 0". */
  static final float CENTROID_EPSILON = 1e-10f;

  private NetVladInit() {}

  /** The alpha of the v1 rule for these centroids and sample descriptors. */
  public static double alpha(float[][] centroids, float[][] descriptors) {
    float[][] unit = normalizedRows(centroids);
    if (descriptors.length == 0) {
      throw new VprException("cannot initialise NetVLAD: no sample descriptors");
    }
    if (unit.length < 2) {
      throw new VprException("cannot initialise NetVLAD: need at least 2 centroids, got " + unit.length);
    }
    double gapSum = IntStream.range(0, descriptors.length).parallel().mapToDouble(i -> {
      float[] x = descriptors[i];
      double best = Double.NEGATIVE_INFINITY;
      double second = Double.NEGATIVE_INFINITY;
      for (float[] c : unit) {
        double dot = 0;
        for (int d = 0; d < c.length; d++) {
          dot += c[d] * x[d];
        }
        if (dot > best) {
          second = best;
          best = dot;
        } else if (dot > second) {
          second = dot;
        }
      }
      return best - second;
    }).sum();
    double meanGap = gapSum / descriptors.length;
    if (!(meanGap > 0)) {
      throw new VprException("cannot initialise NetVLAD: the centroids do not separate the descriptors"
          + " (mean similarity gap " + meanGap + ")");
    }
    return -Math.log(0.01) / meanGap;
  }

  /** The values of {@code pool.centroids} and {@code pool.conv.weight} (HWIO) for a model. */
  public static Map<String, FloatArray> parameters(float[][] centroids, float[][] descriptors) {
    int k = centroids.length;
    int dim = centroids[0].length;
    float[][] shifted = new float[k][];
    for (int i = 0; i < k; i++) {
      if (centroids[i].length != dim) {
        throw new VprException("centroid " + i + " has " + centroids[i].length + " values, expected " + dim);
      }
      shifted[i] = centroids[i].clone();
      for (int d = 0; d < dim; d++) {
        shifted[i][d] += CENTROID_EPSILON;
      }
    }
    double alpha = alpha(shifted, descriptors);
    float[][] unit = normalizedRows(shifted);
    float[] conv = new float[dim * k];
    float[] raw = new float[k * dim];
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < dim; d++) {
        conv[d * k + c] = (float) (alpha * unit[c][d]);
        raw[c * dim + d] = shifted[c][d];
      }
    }
    Map<String, FloatArray> out = new LinkedHashMap<>();
    out.put(NetVlad.CENTROIDS, new FloatArray(new long[] {k, dim}, raw));
    out.put(NetVlad.CONV_WEIGHT, new FloatArray(new long[] {1, 1, dim, k}, conv));
    return out;
  }

  private static float[][] normalizedRows(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      double sq = 0;
      for (float v : rows[i]) {
        sq += (double) v * v;
      }
      double norm = Math.max(Math.sqrt(sq), 1e-12);
      out[i] = new float[rows[i].length];
      for (int d = 0; d < rows[i].length; d++) {
        out[i][d] = (float) (rows[i][d] / norm);
      }
    }
    return out;
  }
}
