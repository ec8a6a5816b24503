package org.vpr4j.spark;

import java.io.Serializable;
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
 * One database partition's part of a search, run by a task: its rows in database order (read
 * once and cached as a matrix), the exact top k of every query of the broadcast block among them ({@link ExactSearch}, as
 * {@code vpr4j test} searches), with database-wide indices, for {@link TopKMerge} on the driver.
 */
final class PartitionSearch {
  private PartitionSearch() {}

  /** A database partition as a matrix: rows in database order, with their database-wide indices. */
  record Block(int[] indices, float[] descriptors) implements Serializable {}

  /**
   * Reads a partition's rows (index, path, descriptor) into a {@link Block}, once for all query
   * blocks.
   *
   * @throws org.vpr4j.VprException if a descriptor is not {@code dim}-D, naming its image
   */
  static Block load(Iterator<Row> rows, int dim) {
    List<Row> mine = new ArrayList<>();
    rows.forEachRemaining(mine::add);
    mine.sort(Comparator.comparingLong(r -> r.getLong(0)));
    int n = mine.size();
    float[] data = new float[Math.multiplyExact(n, dim)];
    int[] global = new int[n];
    for (int i = 0; i < n; i++) {
      Row r = mine.get(i);
      global[i] = Math.toIntExact(r.getLong(0));
      Descriptors.copy(r, 2, data, i, dim, "database image");
    }
    return new Block(global, data);
  }

  /**
   * The top k of every query of a block among the partition's rows.
   *
   * @param queries the block's descriptors, {@code [numQueries, dim]} row-major
   */
  static TopKMerge.Part run(Block block, float[] queries, int numQueries, int dim, int k) {
    int n = block.indices().length;
    if (n == 0) {
      return new TopKMerge.Part(new int[numQueries][0], new float[numQueries][0]);
    }
    SearchResult found;
    try (ExactSearch search = new ExactSearch()) {
      found = search.searchSquared(new InMemoryDescriptors(numQueries, dim, queries),
          new InMemoryDescriptors(n, dim, block.descriptors()), Math.min(k, n));
    }
    int[][] idx = found.indices();
    for (int[] row : idx) {
      for (int r = 0; r < row.length; r++) {
        row[r] = block.indices()[row[r]];
      }
    }
    return new TopKMerge.Part(idx, found.distances());
  }
}
