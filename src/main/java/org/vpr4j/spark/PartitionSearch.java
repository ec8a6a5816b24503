package org.vpr4j.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.eval.TopKMerge;

/**
 * One database partition's part of a search, run by a task: its rows in database order, the
 * exact top k of every query of the broadcast block among them ({@link ExactSearch}, as
 * {@code vpr4j test} searches), with database-wide indices, for {@link TopKMerge} on the driver.
 */
final class PartitionSearch {
  private PartitionSearch() {}

  /**
   * @param rows the partition's rows: index, path, descriptor
   * @param queries the block's descriptors, {@code [numQueries, dim]} row-major
   */
  static TopKMerge.Part run(Iterator<Row> rows, float[] queries, int numQueries, int dim, int k) {
    List<Row> mine = new ArrayList<>();
    rows.forEachRemaining(mine::add);
    mine.sort(Comparator.comparingLong(r -> r.getLong(0)));
    int n = mine.size();
    if (n == 0) {
      return new TopKMerge.Part(new int[numQueries][0], new float[numQueries][0]);
    }
    float[] data = new float[Math.multiplyExact(n, dim)];
    int[] global = new int[n];
    for (int i = 0; i < n; i++) {
      Row r = mine.get(i);
      global[i] = Math.toIntExact(r.getLong(0));
      Descriptors.copy(r, 2, data, i, dim, "database image");
    }
    SearchResult found;
    try (ExactSearch search = new ExactSearch()) {
      found = search.searchSquared(new InMemoryDescriptors(numQueries, dim, queries),
          new InMemoryDescriptors(n, dim, data), Math.min(k, n));
    }
    int[][] idx = found.indices();
    for (int[] row : idx) {
      for (int r = 0; r < row.length; r++) {
        row[r] = global[row[r]];
      }
    }
    return new TopKMerge.Part(idx, found.distances());
  }
}
