package org.vpr4j.query;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.eval.DescriptorExtraction;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.VectorDistance;
import org.vpr4j.query.ann.AnnIndex;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.model.Describer;

/**
 * Answers queries against an index: describe the queries with the index's model, find the k
 * nearest database descriptors by exact L2 search, and, where both positions are known, judge
 * each match by whether it lies within the index's radius of the query.
 */
public final class QuerySearch {
  private static final Logger LOG = LogManager.getLogger(QuerySearch.class);

  private QuerySearch() {}

  /**
   * @param spillFolder where query descriptors go if they do not fit the heap
   * @throws VprException if the model makes descriptors of another length than the index holds
   */
  public static QueryResults search(PlaceIndex index, Describer model, ImageSet queries, int k, int batchSize,
      Path spillFolder) {
    return search(index, model, queries, k, batchSize, spillFolder, null, 0, 0);
  }

  /**
   * As above, through the HNSW graph {@code ann} with {@code ef} candidates per query, at least
   * {@code rerankFactor} times k (exact when ann is null; see {@link #approximate}).
   */
  public static QueryResults search(PlaceIndex index, Describer model, ImageSet queries, int k, int batchSize,
      Path spillFolder, AnnIndex ann, int ef, int rerankFactor) {
    if (k < 1) {
      throw new VprException("--top-k must be at least 1, got " + k);
    }
    int modelDim = model.descriptorDim();
    if (modelDim != index.descriptorDim()) {
      throw new VprException("index " + index.file() + " holds descriptors of dimension " + index.descriptorDim()
          + " (model '" + index.model().modelName() + "'), but the query model makes descriptors of dimension "
          + modelDim + "; query with the model the index was built with");
    }
    int kk = Math.min(k, index.size());
    if (kk < k) {
      LOG.warn("the index holds only {} images; returning {} matches per query instead of {}", index.size(), kk, k);
    }
    SearchResult found;
    try (DescriptorExtraction.Extracted q = DescriptorExtraction.extract(model, queries.images(), batchSize,
            "describing " + queries.size() + " queries", spillFolder)) {
      if (ann == null) {
        try (ExactSearch search = new ExactSearch()) {
          found = search.search(q.store(), index.descriptors(), kk);
        }
      } else {
        found = approximate(ann, q.store(), kk, ef, rerankFactor);
      }
    }
    return assemble(index, queries, found);
  }

  /**
   * The k nearest of each query among the {@code max(ef, k * rerankFactor)} candidates the HNSW
   * graph returns, ranked by their exact Euclidean distance ({@link AnnIndex#nearest}), so
   * distances are true ones also for a quantized or projected graph. A projected graph misorders
   * near neighbours, hence its deeper candidate list (docs/scale.md).
   */
  public static SearchResult approximate(AnnIndex ann, DescriptorStore queries, int k, int ef, int rerankFactor) {
    int candidates = (int) Math.min(ann.size(), Math.max(ef, (long) k * rerankFactor));
    int[][] indices = new int[queries.rows()][];
    float[][] distances = new float[queries.rows()][];
    int dim = queries.dim();
    int walkDim = ann.walkDim();
    // Queries are projected a block at a time (one TensorFlow call each), then walked one by one.
    int block = DescriptorStore.blockRows(dim, 16L << 20, 1024);
    for (int q0 = 0; q0 < queries.rows(); q0 += block) {
      int first = q0;
      int n = Math.min(block, queries.rows() - q0);
      float[] rows = queries.read(q0, n);
      float[] walk = ann.walkVectors(rows, n);
      // Queries are independent; Lucene's searcher reads concurrently.
      IntStream.range(0, n).parallel().forEach(i -> {
        AnnIndex.Hits hits = ann.nearest(Arrays.copyOfRange(rows, i * dim, (i + 1) * dim),
            Arrays.copyOfRange(walk, i * walkDim, (i + 1) * walkDim), k, candidates);
        indices[first + i] = hits.rows();
        distances[first + i] = hits.distances();
      });
    }
    return new SearchResult(indices, distances);
  }

  /** Joins the raw neighbours with image paths and positions. */
  static QueryResults assemble(PlaceIndex index, ImageSet queries, SearchResult found) {
    ImageSet db = index.database();
    double radius = db.posDistThr();
    List<QueryResults.Query> out = new ArrayList<>(queries.size());
    for (int q = 0; q < queries.size(); q++) {
      double[] qUtm = queries.hasPosition(q) ? queries.utm()[q].clone() : null;
      List<QueryResults.Match> matches = new ArrayList<>(found.k());
      for (int r = 0; r < found.indices()[q].length; r++) {
        int i = found.indices()[q][r];
        double[] dUtm = db.hasPosition(i) ? db.utm()[i].clone() : null;
        Double metres = qUtm == null || dUtm == null ? null : Math.hypot(qUtm[0] - dUtm[0], qUtm[1] - dUtm[1]);
        // Same comparison as the ground truth of the evaluation: distance <= radius.
        Boolean within = metres == null ? null : metres <= radius;
        matches.add(new QueryResults.Match(r + 1, i, db.images().get(i), found.distances()[q][r], dUtm, metres,
            within));
      }
      out.add(new QueryResults.Query(queries.images().get(q), qUtm, List.copyOf(matches)));
    }
    return new QueryResults(index.file(), index.model(), queries.source(), found.k(), radius, List.copyOf(out));
  }
}
