package org.vpr4j.query.ann;

/**
 * How an HNSW index is built.
 *
 * @param m neighbours per node (Lucene's maxConn, faiss' M)
 * @param efConstruction candidates considered while inserting (Lucene's beamWidth)
 * @param int8 whether vectors are scalar-quantized to bytes
 */
public record AnnSettings(int m, int efConstruction, boolean int8) {
  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 100;
  /**
   * Default candidates per search (faiss' efSearch, Elasticsearch's num_candidates). Chosen by
   * measurement (docs/benchmarks.md): at 100,000 clustered 4,096-D vectors, ef 50 found 0.99 of
   * the exact top 25, ef 100 0.999 at half the speed, ef 25 0.96.
   */
  public static final int DEFAULT_EF = 50;

  public String quantization() {
    return int8 ? "int8" : "fp32";
  }
}
