package org.vpr4j.eval;

import java.nio.FloatBuffer;
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
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.vpr4j.VprException;

/**
 * Exact k-nearest-neighbour search under the Euclidean distance, the equivalent of faiss {@code
 * IndexFlatL2} followed by a square root. The distance matrix is never held whole: queries and
 * database are cut into blocks, each pair of blocks goes through one TensorFlow run (squared
 * distances by matmul, then TopKV2), and each block's candidates are merged into a running top k.
 * Database blocks form the outer loop, so a large on-disk database is read only once.
 *
 * <p>On equal distances the lower database index ranks first. Near-duplicates (a neighbour within
 * a tenth of its query's length) get their distance computed again directly, as the expanded form
 * cannot resolve it in float32. The graph is built once per instance and reused for every block
 * and every search; close the instance to free it.
 */
public final class ExactSearch implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ExactSearch.class);

  /** Default block limits: rows, and bytes of float32 data, per database and per query block. */
  static final int MAX_DB_BLOCK_ROWS = 4096;
  static final int MAX_QUERY_BLOCK_ROWS = 1024;
  private static final long DB_BLOCK_BYTES = 256L << 20;
  private static final long QUERY_BLOCK_BYTES = 128L << 20;
  /**
   * Neighbours whose squared distance is below this share of their query's squared length are
   * measured again directly ({@link RunningTopK#refineNear}): within a tenth of the query's
   * length, where the expanded form's float32 rounding (about 1e-7 of the squared lengths) is no
   * longer small against the distance. Beyond it that rounding is a few 1e-5 of the distance at most.
   */
  static final double NEAR_DUPLICATE_SHARE = 0.01;
  /** Each block's staging array takes at most 1/8 of the maximum heap (both together 1/4). */
  private static final long HEAP_SHARE_DIVISOR = 8;

  private final int fixedDbBlockRows;
  private final int fixedQueryBlockRows;
  private final Graph tfGraph;
  private final Session session;
  private final Placeholder<TFloat32> queryInput;
  private final Placeholder<TFloat32> databaseInput;
  private final Placeholder<TInt32> kInput;
  private final Operand<TFloat32> negatedSquaredDistances;
  private final Operand<TInt32> neighbourIndices;

  /**
   * A search with block sizes chosen from the descriptor dimension: at most 4096 database rows
   * and 256 MB per database block, at most 1024 queries and 128 MB per query block (at 32,768
   * dimensions: 2048 database rows x 1024 queries), and each block at most 1/8 of the maximum heap.
   */
  public ExactSearch() {
    this(0, 0);
  }

  /**
   * A search with fixed block sizes (used by tests to exercise block boundaries); a value of 0
   * selects the dimension-dependent default of {@link #ExactSearch()}.
   */
  public ExactSearch(int dbBlockRows, int queryBlockRows) {
    if (dbBlockRows < 0 || queryBlockRows < 0) {
      throw new IllegalArgumentException("block sizes must not be negative: " + dbBlockRows + ", " + queryBlockRows);
    }
    this.fixedDbBlockRows = dbBlockRows;
    this.fixedQueryBlockRows = queryBlockRows;
    this.tfGraph = new Graph();
    Ops tf = Ops.create(tfGraph);
    queryInput = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE, Shape.UNKNOWN_SIZE)));
    databaseInput = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE, Shape.UNKNOWN_SIZE)));
    kInput = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
    // TopKV2 takes the largest values and, among equal ones, the lower index first.
    TopK<TFloat32, TInt32> top = tf.nn.topK(
        tf.math.neg(SquaredDistanceOps.pairwise(tf, queryInput, databaseInput)), kInput, TInt32.class,
        TopK.sorted(true));
    negatedSquaredDistances = top.values();
    neighbourIndices = top.indices();
    this.session = TfSessions.cpuSession(tfGraph);
  }

  /**
   * The {@code k} nearest database descriptors of every query, nearest first.
   *
   * @throws VprException if the dimensions differ or the database has fewer than {@code k} rows
   */
  public SearchResult search(DescriptorStore queries, DescriptorStore database, int k) {
    return topK(queries, database, k).toResult();
  }

  /**
   * As {@link #search}, with squared distances: what a partitioned search merges with {@link
   * TopKMerge}, so that its ranking equals this class's over the whole database.
   */
  public SearchResult searchSquared(DescriptorStore queries, DescriptorStore database, int k) {
    return topK(queries, database, k).toSquaredResult();
  }

  private RunningTopK topK(DescriptorStore queries, DescriptorStore database, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (queries.dim() != database.dim()) {
      throw new VprException("query descriptors have dimension " + queries.dim()
          + " but database descriptors have dimension " + database.dim());
    }
    if (k > database.rows()) {
      throw new VprException("cannot return " + k + " nearest neighbours: the database has only "
          + database.rows() + " descriptors");
    }
    int dim = database.dim();
    int nq = queries.rows();
    int nb = database.rows();
    int dbBlock = Math.min(nb, blockRows(fixedDbBlockRows, MAX_DB_BLOCK_ROWS, DB_BLOCK_BYTES, dim));
    int qBlock = Math.max(1, Math.min(nq, blockRows(fixedQueryBlockRows, MAX_QUERY_BLOCK_ROWS, QUERY_BLOCK_BYTES, dim)));
    float[] dbStage = new float[Math.multiplyExact(dbBlock, dim)];
    float[] qStage = new float[Math.multiplyExact(qBlock, dim)];
    float[] blockD2 = new float[qBlock * Math.min(k, dbBlock)];
    int[] blockIdx = new int[blockD2.length];
    RunningTopK best = new RunningTopK(nq, k);

    for (int b0 = 0; b0 < nb; b0 += dbBlock) {
      int bn = Math.min(dbBlock, nb - b0);
      int kb = Math.min(k, bn);
      database.read(b0, bn, FloatBuffer.wrap(dbStage));
      try (TFloat32 dbTensor = matrix(dbStage, bn, dim);
          TInt32 kTensor = TInt32.scalarOf(kb)) {
        for (int q0 = 0; q0 < nq; q0 += qBlock) {
          int qn = Math.min(qBlock, nq - q0);
          queries.read(q0, qn, FloatBuffer.wrap(qStage));
          try (TFloat32 qTensor = matrix(qStage, qn, dim);
              Result r = session.runner()
                  .feed(queryInput, qTensor)
                  .feed(databaseInput, dbTensor)
                  .feed(kInput, kTensor)
                  .fetch(negatedSquaredDistances)
                  .fetch(neighbourIndices)
                  .run()) {
            int n = qn * kb;
            ((TFloat32) r.get(0)).copyTo(DataBuffers.of(blockD2, false, false).narrow(n));
            ((TInt32) r.get(1)).copyTo(DataBuffers.of(blockIdx, false, false).narrow(n));
          }
          for (int i = 0; i < qn * kb; i++) {
            blockD2[i] = -blockD2[i];
          }
          best.merge(q0, qn, kb, blockD2, blockIdx, b0);
        }
      }
      LOG.debug("searched database rows {}..{} of {}", b0, b0 + bn, nb);
    }
    best.refineNear(queries, database, NEAR_DUPLICATE_SHARE);
    return best;
  }

  @Override
  public void close() {
    session.close();
    tfGraph.close();
  }

  /**
   * A fixed size if one was given, else as many rows as fit the byte budget, within [1, maxRows].
   * The staging arrays live on the Java heap, so the budget is also capped at a share of it: a
   * database that spilled to disk because it is larger than the heap must not come back as one block.
   */
  private static int blockRows(int fixed, int maxRows, long budgetBytes, int dim) {
    if (fixed > 0) {
      return fixed;
    }
    long budget = Math.min(budgetBytes, Runtime.getRuntime().maxMemory() / HEAP_SHARE_DIVISOR);
    long fit = budget / ((long) dim * Float.BYTES);
    return (int) Math.max(1, Math.min(maxRows, fit));
  }

  /** A {@code [rows, dim]} tensor holding the first {@code rows * dim} floats of {@code data}. */
  private static TFloat32 matrix(float[] data, int rows, int dim) {
    return TFloat32.tensorOf(Shape.of(rows, dim), DataBuffers.of(data, true, false).narrow((long) rows * dim));
  }
}
