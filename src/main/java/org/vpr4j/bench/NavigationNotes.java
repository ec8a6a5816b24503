package org.vpr4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.vpr4j.eval.DescriptorFileWriter;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.eval.MappedDescriptors;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.query.ann.AnnIndex;
import org.vpr4j.query.ann.NavigationProjection;

/**
 * The scale bench's notes on a graph walked in a PCA projection: what the recall depends on
 * (docs/scale.md). The spectrum says how much of the data's variance the projection keeps; the
 * ceiling is the recall an exact search in the projection would reach with the same candidates,
 * re-ranked at full dimension: the graph walk can only lose more.
 */
final class NavigationNotes {
  private NavigationNotes() {}

  /**
   * @param exact the exact full-dimension top k of every query
   * @param candidates the candidate counts searched (one per pass)
   */
  static String of(AnnIndex ann, DescriptorStore db, DescriptorStore queries, SearchResult exact, int[] candidates,
      Path work) throws IOException {
    NavigationProjection nav = ann.navigation();
    double[] eigen = nav.pca().eigenvalues();
    double total = nav.pca().totalVariance();
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "- Navigation PCA %d-D (learned from %s of the %d"
        + " database vectors, inside the build time): its components hold %.1f%% of the variance; component 1"
        + " %.2f%%, %d %.3f%%, %d %.4f%% (a flat spectrum, as of whitened descriptors, would give %.1f%%).%n",
        ann.walkDim(), nav.pca().origin().get("count"), db.rows(), 100 * nav.varianceKept(), 100 * eigen[0] / total,
        Math.min(16, eigen.length), 100 * eigen[Math.min(16, eigen.length) - 1] / total, eigen.length,
        100 * eigen[eigen.length - 1] / total, 100.0 * ann.walkDim() / db.dim()));
    int[] depths = Arrays.stream(candidates).distinct().sorted().toArray();
    double[] ceilings = ceilings(ann, db, queries, exact, depths, work);
    b.append(String.format(Locale.ROOT, "- Navigation %d-D: the exact top %s of the projection hold %s of the exact"
        + " %d-D top %d (the recall of an exhaustive walk, re-ranked).%n", ann.walkDim(),
        Arrays.stream(depths).mapToObj(Integer::toString).collect(Collectors.joining(", ")),
        Arrays.stream(ceilings).mapToObj(c -> String.format(Locale.ROOT, "%.3f", c)).collect(Collectors.joining(", ")),
        db.dim(), exact.k()));
    return b.toString();
  }

  /** For each depth, the fraction of the exact top k found among a query's exact top {@code depth} in the projection. */
  private static double[] ceilings(AnnIndex ann, DescriptorStore db, DescriptorStore queries, SearchResult exact,
      int[] depths, Path work) throws IOException {
    Path projected = work.resolve("navigation-db.f32");
    int block = DescriptorStore.blockRows(db.dim(), 64L << 20, 4096);
    DescriptorFileWriter.write(projected, ann.walkDim(), out -> {
      for (int r0 = 0; r0 < db.rows(); r0 += block) {
        int n = Math.min(block, db.rows() - r0);
        out.append(ann.walkVectors(db.read(r0, n), n), 0, n);
      }
    });
    try {
      InMemoryDescriptors q = new InMemoryDescriptors(queries.rows(), ann.walkDim(),
          ann.walkVectors(queries.read(0, queries.rows()), queries.rows()));
      SearchResult inProjection;
      try (ExactSearch search = new ExactSearch()) {
        inProjection = search.search(q, MappedDescriptors.open(projected), depths[depths.length - 1]);
      }
      double[] out = new double[depths.length];
      for (int d = 0; d < depths.length; d++) {
        int depth = depths[d];
        int[][] top = Arrays.stream(inProjection.indices()).map(r -> Arrays.copyOf(r, depth)).toArray(int[][]::new);
        out[d] = SearchResult.recall(exact.indices(), top);
      }
      return out;
    } finally {
      Files.deleteIfExists(projected);
    }
  }
}
