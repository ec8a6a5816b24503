package org.vpr4j.eval.pca;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.linalg.Qr;
import org.tensorflow.op.linalg.SelfAdjointEig;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.vpr4j.VprException;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.TfSessions;
import org.vpr4j.util.Gaussian;

/**
 * Learns a PCA from descriptors that need not fit in memory, by randomized subspace iteration
 * with a Rayleigh-Ritz step (Halko, Martinsson and Tropp 2011, algorithm 4.4), applied to the
 * covariance without ever forming it: each pass streams the descriptors in blocks and computes
 * {@code C Q = Xcᵀ (Xc Q)} for an orthonormal {@code D x l} basis {@code Q}, {@code l = dim +
 * oversampling}. After a few passes {@code Q} spans the leading eigenvectors; the eigenproblem of
 * the small {@code l x l} matrix {@code Qᵀ C Q} then gives the components and their variances.
 *
 * <p>Why this method (docs/scale.md): at 32,768 dimensions the covariance is 4 GB in float32 and
 * its eigendecomposition takes hours; with 50,000 descriptors the dual Gram matrix is 10 GB. This
 * method holds two {@code D x l} matrices (1.3 GB of doubles at 4,096 + 1,024 columns), reads the
 * descriptors once per pass from a memory-mapped file, and is exact when {@code l} reaches the
 * input dimension. Heavy products run in TensorFlow (float32 per block, summed in float64); the
 * QR and the small eigenproblem in float64.
 */
public final class PcaLearner {
  private static final Logger LOG = LogManager.getLogger(PcaLearner.class);
  /** Rows per block of the streamed products (capped by bytes below). */
  private static final int MAX_BLOCK_ROWS = 2048;
  private static final long BLOCK_BYTES = 128L << 20;

  /**
   * How the subspace iteration runs.
   *
   * @param oversampling extra basis vectors beyond the requested dimension (more = more accurate
   *     trailing components)
   * @param iterations products with the covariance before the final one (each is one pass over the data)
   * @param seed of the random starting basis
   */
  public record Settings(int oversampling, int iterations, long seed) {
    /** A quarter of the dimension extra (at least 16), four iterations, as scikit-learn's randomized solver. */
    public static Settings defaults(int dim) {
      return new Settings(Math.max(16, dim / 4), 4, 1234);
    }
  }

  private PcaLearner() {}

  /**
   * Learns {@code dim} components of {@code x}.
   *
   * @throws VprException if there are fewer descriptors than {@code dim} or {@code dim} exceeds the input dimension
   */
  public static Pca learn(DescriptorStore x, int dim, Settings settings, boolean whiten, Map<String, String> origin) {
    int n = x.rows();
    int d = x.dim();
    if (n < dim) {
      throw new VprException("PCA to " + dim + " dimensions needs at least " + dim + " descriptors, but "
          + origin.getOrDefault("source", "the training set") + " has only " + n);
    }
    if (dim > d) {
      throw new VprException("PCA to " + dim + " dimensions is impossible on descriptors of dimension " + d);
    }
    if (n < 2) {
      throw new VprException("PCA needs at least 2 descriptors, got " + n);
    }
    int l = Math.min(d, dim + settings.oversampling());
    Moments m = Moments.of(x);
    LOG.info("PCA: {} descriptors of dimension {} -> {} components (basis of {}, {} iterations)", n, d, dim, l,
        settings.iterations());
    try (Engine engine = new Engine()) {
      double[] z = engine.covarianceTimes(x, m.mean, gaussian(d, l, settings.seed()), l);
      for (int it = 0; it < settings.iterations(); it++) {
        z = engine.covarianceTimes(x, m.mean, toFloat(engine.orthonormal(z, d, l)), l);
        LOG.info("PCA: iteration {} of {} done", it + 1, settings.iterations());
      }
      double[] q = engine.orthonormal(z, d, l);
      z = engine.covarianceTimes(x, m.mean, toFloat(q), l);
      Engine.Ritz ritz = engine.rayleighRitz(q, z, d, l);
      float[][] components = new float[dim][d];
      double[] eigenvalues = new double[dim];
      for (int c = 0; c < dim; c++) {
        int col = l - 1 - c; // the eigensolver returns ascending values
        eigenvalues[c] = Math.max(0, ritz.values()[col]) / (n - 1);
        int sign = signOf(ritz.vectors(), col, l, d);
        for (int i = 0; i < d; i++) {
          components[c][i] = (float) (sign * ritz.vectors()[i * l + col]);
        }
      }
      return new Pca(m.mean, components, eigenvalues, m.totalVariance, whiten, Pca.DEFAULT_EPS, origin);
    }
  }

  /** +1 or -1 so that the largest-magnitude entry of a component is positive (a fixed sign convention). */
  private static int signOf(double[] w, int col, int l, int d) {
    double best = 0;
    for (int i = 0; i < d; i++) {
      double v = w[i * l + col];
      if (Math.abs(v) > Math.abs(best)) {
        best = v;
      }
    }
    return best < 0 ? -1 : 1;
  }

  /** Mean and total variance of the descriptors, in one pass, summed in float64. */
  private record Moments(float[] mean, double totalVariance) {
    static Moments of(DescriptorStore x) {
      int d = x.dim();
      int block = blockRows(d);
      double[] sum = new double[d];
      double squares = 0;
      float[] stage = new float[block * d];
      for (int r0 = 0; r0 < x.rows(); r0 += block) {
        int rn = Math.min(block, x.rows() - r0);
        x.read(r0, rn, FloatBuffer.wrap(stage));
        for (int j = 0; j < rn * d; j++) {
          float v = stage[j];
          sum[j % d] += v;
          squares += (double) v * v;
        }
      }
      int n = x.rows();
      float[] mean = new float[d];
      double meanSquares = 0;
      for (int i = 0; i < d; i++) {
        double mu = sum[i] / n;
        mean[i] = (float) mu;
        meanSquares += mu * mu;
      }
      return new Moments(mean, Math.max(0, squares - n * meanSquares) / (n - 1));
    }
  }

  static int blockRows(int d) {
    return DescriptorStore.blockRows(d, BLOCK_BYTES, MAX_BLOCK_ROWS);
  }

  private static float[] gaussian(int d, int l, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] g = new float[Math.multiplyExact(d, l)];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) Gaussian.next(random);
    }
    return g;
  }


  private static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  /** The TensorFlow graphs of the iteration, built once. */
  private static final class Engine implements AutoCloseable {
    record Ritz(double[] values, double[] vectors) {}

    private final Graph tfGraph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> block;
    private final Placeholder<TFloat32> mean;
    private final Placeholder<TFloat32> basis;
    private final Operand<TFloat32> product;
    private final Placeholder<TFloat64> toOrthonormalise;
    private final Operand<TFloat64> orthonormal;
    private final Placeholder<TFloat64> ritzBasis;
    private final Placeholder<TFloat64> ritzProduct;
    private final Operand<TFloat64> ritzValues;
    private final Operand<TFloat64> ritzVectors;

    Engine() {
      Ops tf = Ops.create(tfGraph);
      Shape matrix = Shape.of(Shape.UNKNOWN_SIZE, Shape.UNKNOWN_SIZE);
      block = tf.placeholder(TFloat32.class, Placeholder.shape(matrix));
      mean = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE)));
      basis = tf.placeholder(TFloat32.class, Placeholder.shape(matrix));
      Operand<TFloat32> centred = tf.math.sub(block, mean);
      product = tf.linalg.matMul(centred, tf.linalg.matMul(centred, basis), MatMul.transposeA(true));
      toOrthonormalise = tf.placeholder(TFloat64.class, Placeholder.shape(matrix));
      orthonormal = tf.linalg.qr(toOrthonormalise, Qr.fullMatrices(false)).q();
      ritzBasis = tf.placeholder(TFloat64.class, Placeholder.shape(matrix));
      ritzProduct = tf.placeholder(TFloat64.class, Placeholder.shape(matrix));
      Operand<TFloat64> t = tf.linalg.matMul(ritzBasis, ritzProduct, MatMul.transposeA(true));
      Operand<TFloat64> symmetric = tf.math.mul(tf.math.add(t, tf.linalg.transpose(t, tf.constant(new int[] {1, 0}))),
          tf.constant(0.5));
      SelfAdjointEig<TFloat64> eig = tf.linalg.selfAdjointEig(symmetric, SelfAdjointEig.computeV(true));
      ritzValues = eig.e();
      ritzVectors = tf.linalg.matMul(ritzBasis, eig.v());
      session = TfSessions.cpuSession(tfGraph);
    }

    /** {@code Xcᵀ Xc Q} as a row-major {@code d x l} matrix, streaming {@code x} in blocks. */
    double[] covarianceTimes(DescriptorStore x, float[] mu, float[] q, int l) {
      int d = x.dim();
      int rows = blockRows(d);
      float[] stage = new float[rows * d];
      float[] part = new float[Math.multiplyExact(d, l)];
      double[] sum = new double[part.length];
      try (TFloat32 meanT = TFloat32.vectorOf(mu);
          TFloat32 basisT = TFloat32.tensorOf(Shape.of(d, l), DataBuffers.of(q, true, false))) {
        for (int r0 = 0; r0 < x.rows(); r0 += rows) {
          int rn = Math.min(rows, x.rows() - r0);
          x.read(r0, rn, FloatBuffer.wrap(stage));
          try (TFloat32 blockT = TFloat32.tensorOf(Shape.of(rn, d),
                  DataBuffers.of(stage, true, false).narrow((long) rn * d));
              Result r = session.runner().feed(block, blockT).feed(mean, meanT).feed(basis, basisT)
                  .fetch(product).run()) {
            ((TFloat32) r.get(0)).copyTo(DataBuffers.of(part, false, false));
          }
          for (int i = 0; i < part.length; i++) {
            sum[i] += part[i];
          }
        }
      }
      return sum;
    }

    /** An orthonormal basis (Householder QR, float64) of the columns of a row-major {@code d x l} matrix. */
    double[] orthonormal(double[] z, int d, int l) {
      try (TFloat64 in = TFloat64.tensorOf(Shape.of(d, l), DataBuffers.of(z, true, false));
          Result r = session.runner().feed(toOrthonormalise, in).fetch(orthonormal).run()) {
        double[] q = new double[z.length];
        ((TFloat64) r.get(0)).copyTo(DataBuffers.of(q, false, false));
        return q;
      }
    }

    /** Eigenvalues (ascending) of {@code Qᵀ C Q} and the matching vectors mapped back, {@code Q V} [d, l]. */
    Ritz rayleighRitz(double[] q, double[] cq, int d, int l) {
      try (TFloat64 qT = TFloat64.tensorOf(Shape.of(d, l), DataBuffers.of(q, true, false));
          TFloat64 cqT = TFloat64.tensorOf(Shape.of(d, l), DataBuffers.of(cq, true, false));
          Result r = session.runner().feed(ritzBasis, qT).feed(ritzProduct, cqT).fetch(ritzValues)
              .fetch(ritzVectors).run()) {
        double[] values = new double[l];
        double[] vectors = new double[q.length];
        ((TFloat64) r.get(0)).copyTo(DataBuffers.of(values, false, false));
        ((TFloat64) r.get(1)).copyTo(DataBuffers.of(vectors, false, false));
        return new Ritz(values, vectors);
      }
    }

    @Override
    public void close() {
      session.close();
      tfGraph.close();
    }
  }
}
