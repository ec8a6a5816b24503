package org.vpr4j.cluster;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.InMemoryDescriptors;

/**
 * Lloyd's k-means, following faiss {@code Kmeans} with its default settings (the clustering the
 * paper uses to initialise NetVLAD: 50,000 x 512 local descriptors, k = 64, 100 iterations):
 *
 * <ul>
 *   <li>at most {@code k * maxPointsPerCentroid} (default 256) points are used, a seeded random
 *       subset of the input, as faiss subsamples;
 *   <li>initial centroids are k distinct random points of that subset;
 *   <li>every iteration assigns each point to its nearest centroid (in TensorFlow: one matmul and
 *       an ArgMin over the whole subset), then moves each centroid to the mean of its points;
 *   <li>an empty cluster is re-seeded by splitting a large one: it takes a copy of that centroid
 *       and the two are pushed apart by a relative 1/1024 in alternating coordinates, as faiss
 *       does. faiss picks the cluster to split at random with probability growing with its size;
 *       here it is always the largest (lowest index on ties), which keeps runs reproducible
 *       without faiss's random stream;
 *   <li>there is no early stop, and the reported objective is the sum of squared distances of the
 *       last assignment step, as faiss reports it.
 * </ul>
 *
 * Runs are deterministic for a given seed and input. The random streams differ from faiss's, so
 * the centroids match faiss's in quality, not bit for bit.
 */
public final class KMeans {
  private static final Logger LOG = LogManager.getLogger(KMeans.class);

  /** faiss's relative perturbation when splitting a cluster. */
  private static final double SPLIT_EPS = 1.0 / 1024;
  /** faiss warns below this many points per centroid. */
  private static final int MIN_POINTS_PER_CENTROID = 39;

  /**
   * Settings of one clustering run.
   *
   * @param k number of centroids
   * @param iterations Lloyd iterations (faiss {@code niter})
   * @param maxPointsPerCentroid subsample to at most {@code k} times this many points; 0 uses every point
   * @param seed seed of the subsampling and initialisation
   */
  public record Config(int k, int iterations, int maxPointsPerCentroid, long seed) {
    public static final int DEFAULT_ITERATIONS = 100;
    public static final int DEFAULT_MAX_POINTS_PER_CENTROID = 256;
    /** faiss's default seed. */
    public static final long DEFAULT_SEED = 1234;

    public Config {
      if (k < 1 || iterations < 1 || maxPointsPerCentroid < 0) {
        throw new IllegalArgumentException(
            "k-means needs k >= 1, iterations >= 1 and maxPointsPerCentroid >= 0; got k=" + k
                + ", iterations=" + iterations + ", maxPointsPerCentroid=" + maxPointsPerCentroid);
      }
    }

    /** faiss's defaults for {@code k} centroids. */
    public static Config defaults(int k) {
      return new Config(k, DEFAULT_ITERATIONS, DEFAULT_MAX_POINTS_PER_CENTROID, DEFAULT_SEED);
    }

    public Config withIterations(int n) {
      return new Config(k, n, maxPointsPerCentroid, seed);
    }

    public Config withMaxPointsPerCentroid(int n) {
      return new Config(k, iterations, n, seed);
    }

    public Config withSeed(long s) {
      return new Config(k, iterations, maxPointsPerCentroid, s);
    }
  }

  /**
   * Outcome of a run.
   *
   * @param centroids {@code float[k][dim]}
   * @param objectives sum of squared point-to-centroid distances at each iteration's assignment
   * @param pointsUsed size of the subset that was clustered
   * @param emptyClusterSplits how many times an empty cluster was re-seeded
   */
  public record Result(float[][] centroids, double[] objectives, int pointsUsed, int emptyClusterSplits) {
    /** The objective of the last iteration. */
    public double objective() {
      return objectives[objectives.length - 1];
    }
  }

  private final Config config;

  public KMeans(Config config) {
    this.config = config;
  }

  /** Clusters the rows of a {@code float[n][dim]} array. */
  public Result fit(float[][] points) {
    return fit(InMemoryDescriptors.fromRows(points));
  }

  /**
   * Clusters the rows of {@code points}.
   *
   * @throws VprException if there are fewer points than centroids or a point is not finite
   */
  public Result fit(DescriptorStore points) {
    int k = config.k();
    int dim = points.dim();
    if (points.rows() < k) {
      throw new VprException(
          "k-means with k = " + k + " needs at least " + k + " descriptors, got " + points.rows());
    }
    Random random = new Random(config.seed());
    int[] rows = sampleRows(points.rows(), random);
    int n = rows.length;
    if (n < k * MIN_POINTS_PER_CENTROID) {
      LOG.warn("k-means: {} points for {} centroids; at least {} are recommended", n, k, k * MIN_POINTS_PER_CENTROID);
    }
    float[] data = gather(points, rows);
    float[] centroids = initialCentroids(data, n, dim, random);
    LOG.info("k-means: {} points of dimension {}, k = {}, {} iterations", n, dim, k, config.iterations());

    double[] objectives = new double[config.iterations()];
    int splits = 0;
    try (CentroidAssigner assigner = new CentroidAssigner(data, n, dim)) {
      for (int it = 0; it < config.iterations(); it++) {
        CentroidAssigner.Assignment a = assigner.assign(centroids, k);
        double objective = 0;
        for (float d : a.squaredDistances()) {
          objective += d;
        }
        objectives[it] = objective;
        int[] counts = updateCentroids(data, n, dim, a.labels(), centroids);
        splits += splitEmptyClusters(centroids, counts, dim);
        LOG.debug("k-means iteration {}: objective {}", it, objective);
      }
    }
    float[][] out = new float[k][];
    for (int c = 0; c < k; c++) {
      out[c] = Arrays.copyOfRange(centroids, c * dim, (c + 1) * dim);
    }
    return new Result(out, objectives, n, splits);
  }

  /** All rows, or a random subset of {@code k * maxPointsPerCentroid} of them, ascending. */
  private int[] sampleRows(int total, Random random) {
    long cap = (long) config.k() * config.maxPointsPerCentroid();
    int n = config.maxPointsPerCentroid() == 0 || total <= cap ? total : (int) cap;
    int[] rows = firstOfPermutation(total, n, random);
    Arrays.sort(rows); // reading in order is kinder to a memory-mapped store
    return rows;
  }

  /** Copies the given rows into one row-major array, rejecting non-finite values. */
  private static float[] gather(DescriptorStore points, int[] rows) {
    int dim = points.dim();
    float[] data = new float[Math.multiplyExact(rows.length, dim)];
    for (int i = 0; i < rows.length; i++) {
      points.read(rows[i], 1, FloatBuffer.wrap(data, i * dim, dim));
    }
    for (int p = 0; p < data.length; p++) {
      if (!Float.isFinite(data[p])) {
        throw new VprException("descriptor " + rows[p / dim] + " holds a non-finite value; cannot cluster it");
      }
    }
    return data;
  }

  /** k distinct points of the subset, chosen at random. */
  private float[] initialCentroids(float[] data, int n, int dim, Random random) {
    int k = config.k();
    int[] chosen = firstOfPermutation(n, k, random);
    float[] centroids = new float[k * dim];
    for (int c = 0; c < k; c++) {
      System.arraycopy(data, chosen[c] * dim, centroids, c * dim, dim);
    }
    return centroids;
  }

  /** The first {@code count} entries of a random permutation of {@code 0 .. total-1}. */
  private static int[] firstOfPermutation(int total, int count, Random random) {
    int[] perm = new int[total];
    for (int i = 0; i < total; i++) {
      perm[i] = i;
    }
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(total - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return Arrays.copyOf(perm, count);
  }

  /** Moves each non-empty cluster's centroid to the mean of its points; returns the cluster sizes. */
  private static int[] updateCentroids(float[] data, int n, int dim, int[] labels, float[] centroids) {
    int k = centroids.length / dim;
    int[] counts = new int[k];
    double[] sums = new double[k * dim];
    for (int p = 0; p < n; p++) {
      int c = labels[p];
      counts[c]++;
      int src = p * dim;
      int dst = c * dim;
      for (int j = 0; j < dim; j++) {
        sums[dst + j] += data[src + j];
      }
    }
    for (int c = 0; c < k; c++) {
      if (counts[c] > 0) {
        for (int j = 0; j < dim; j++) {
          centroids[c * dim + j] = (float) (sums[c * dim + j] / counts[c]);
        }
      }
    }
    return counts;
  }

  /**
   * Re-seeds every empty cluster by splitting the currently largest one; {@code counts} is updated
   * as if the points divided evenly. Returns the number of splits.
   */
  static int splitEmptyClusters(float[] centroids, int[] counts, int dim) {
    int splits = 0;
    for (int empty = 0; empty < counts.length; empty++) {
      if (counts[empty] != 0) {
        continue;
      }
      int donor = 0;
      for (int c = 1; c < counts.length; c++) {
        if (counts[c] > counts[donor]) {
          donor = c;
        }
      }
      for (int j = 0; j < dim; j++) {
        float v = centroids[donor * dim + j];
        double sign = j % 2 == 0 ? 1 : -1;
        centroids[empty * dim + j] = (float) (v * (1 + sign * SPLIT_EPS));
        centroids[donor * dim + j] = (float) (v * (1 - sign * SPLIT_EPS));
      }
      counts[empty] = counts[donor] / 2;
      counts[donor] -= counts[empty];
      splits++;
    }
    return splits;
  }
}
