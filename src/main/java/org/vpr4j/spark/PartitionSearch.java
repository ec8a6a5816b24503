package org.vpr4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
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
  static Block load(Iterator<DescriptorRow> rows, int dim) {
    List<DescriptorRow> mine = new ArrayList<>();
    rows.forEachRemaining(mine::add);
    mine.sort(Comparator.comparingLong(DescriptorRow::getIndex));
    int n = mine.size();
    float[] data = new float[Math.multiplyExact(n, dim)];
    int[] global = new int[n];
    for (int i = 0; i < n; i++) {
      DescriptorRow r = mine.get(i);
      global[i] = Math.toIntExact(r.getIndex());
      Descriptors.copy(r, data, i, dim, "database image");
      r.setVector(null); // the matrix holds it now
    }
    return new Block(global, data);
  }

  /**
   * The top k of every query of a block among each of the blocks a task is given (one task per
   * executor: its TensorFlow session uses all the executor's cores), one part per block.
   */
  static Iterator<TopKMerge.Part> runAll(Iterator<Block> blocks, float[] queries, int numQueries, int dim, int k) {
    List<TopKMerge.Part> parts = new ArrayList<>();
    try (ExactSearch search = new ExactSearch()) {
      blocks.forEachRemaining(b -> parts.add(run(search, b, queries, numQueries, dim, k)));
    }
    return parts.iterator();
  }

  /**
   * The top k of every query of a block among the partition's rows.
   *
   * @param queries the block's descriptors, {@code [numQueries, dim]} row-major
   */
  static TopKMerge.Part run(ExactSearch search, Block block, float[] queries, int numQueries, int dim, int k) {
    int n = block.indices().length;
    if (n == 0) {
      return new TopKMerge.Part(new int[numQueries][0], new float[numQueries][0]);
    }
    SearchResult found = search.searchSquared(new InMemoryDescriptors(numQueries, dim, queries),
        new InMemoryDescriptors(n, dim, block.descriptors()), Math.min(k, n));
    int[][] idx = found.indices();
    for (int[] row : idx) {
      for (int r = 0; r < row.length; r++) {
        row[r] = block.indices()[row[r]];
      }
    }
    return new TopKMerge.Part(idx, found.distances());
  }
}
