package org.vpr4j.bench;

import java.nio.file.Path;
import org.vpr4j.VprException;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.query.QuerySearch;
import org.vpr4j.query.ann.AnnIndex;

/**
 * A graph index as the scale bench's search process ({@link ScaleSearchProcess}) opens it: Lucene's
 * HNSW (the product's index) or jvector's graph (measured beside it).
 */
interface GraphSearch extends AutoCloseable {
  /** Lucene's HNSW folder, as {@code query search} opens it. */
  String LUCENE = "lucene";
  /** jvector's graph, walked on the float vectors. */
  String JVECTOR = "jvector";
  /** jvector's graph, walked on its PQ codes, the candidates re-ranked on the float vectors. */
  String JVECTOR_PQ = "jvector-pq";

  /**
   * A search's neighbours, and the database vectors a query was compared with on average (NaN
   * where the engine does not count them).
   */
  record Found(SearchResult result, double meanVisited) {}

  /**
   * Every query's {@code k} nearest rows among the {@code max(ef, k)} candidates of the graph walk
   * (Lucene: at least the re-rank factor times k), nearest first.
   */
  Found search(DescriptorStore queries, int k, int ef);

  @Override
  void close();

  /**
   * Opens {@code folder} as an index of {@code engine} ({@link #LUCENE}, {@link #JVECTOR} or {@link
   * #JVECTOR_PQ}).
   *
   * @param rerankFactor Lucene's candidates are at least this times k (0: the graph's default);
   *     jvector's are ef
   */
  static GraphSearch open(String engine, Path folder, int rerankFactor) {
    switch (engine) {
      case LUCENE: {
        AnnIndex ann = AnnIndex.open(folder);
        int factor = rerankFactor > 0 ? rerankFactor : ann.defaultRerankFactor();
        return new GraphSearch() {
          @Override
          public Found search(DescriptorStore queries, int k, int ef) {
            return new Found(QuerySearch.approximate(ann, queries, k, ef, factor), Double.NaN);
          }

          @Override
          public void close() {
            ann.close();
          }
        };
      }
      case JVECTOR:
        return JVectorGraph.open(folder, false);
      case JVECTOR_PQ:
        return JVectorGraph.open(folder, true);
      default:
        throw new VprException("bench scale: no graph engine '" + engine + "'");
    }
  }
}
