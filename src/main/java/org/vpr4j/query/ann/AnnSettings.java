package org.vpr4j.query.ann;

/**
 * How an HNSW index is built.
 *
 * @param m neighbours per node (Lucene's maxConn, faiss' M)
 * @param efConstruction candidates considered while inserting (Lucene's beamWidth)
 * @param int8 whether the vectors the graph is walked on are scalar-quantized to bytes
 * @param navDim 0: the graph is walked on the descriptors themselves; otherwise the dimension of
 *     the PCA projection it is walked on, the candidates re-ranked on the full descriptors
 *     (docs/scale.md, "A graph walked in a projection")
 */
public record AnnSettings(int m, int efConstruction, boolean int8, int navDim) {
  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 100;
  /**
   * Default candidates per search (faiss' efSearch, Elasticsearch's num_candidates). Chosen by
   * measurement (docs/benchmarks.md): at 100,000 clustered 4,096-D vectors, ef 50 found 0.99 of
   * the exact top 25, ef 100 0.999 at half the speed, ef 25 0.96.
   */
  public static final int DEFAULT_EF = 50;
  /**
   * Default re-rank factor of a graph walked on the descriptors themselves: the walk keeps
   * max(ef, k) candidates, as it did when {@link #DEFAULT_EF} was measured.
   */
  public static final int DEFAULT_RERANK_FACTOR = 1;
  /**
   * Default re-rank factor of a graph walked in a projection: the walk keeps max(ef, 4 k)
   * candidates, all re-ranked at full dimension. The projection misorders near neighbours, so a
   * deeper list than k is needed to hold the true top k (docs/benchmarks.md, "A graph walked in a
   * projection"). A graph measures when it is built whether it needs more ({@code RerankCalibration}).
   */
  public static final int DEFAULT_NAV_RERANK_FACTOR = 4;
  /**
   * Queries a projected graph measures its re-rank factor on (held-out ones, or ones made between
   * its rows): enough for its recall to be known within about a point, few enough to describe in
   * a minute or two on a CPU.
   */
  public static final int CALIBRATION_QUERIES = 200;

  public String quantization() {
    return int8 ? "int8" : "fp32";
  }

  /** Whether the graph is walked in a PCA projection. */
  public boolean projected() {
    return navDim > 0;
  }
}
