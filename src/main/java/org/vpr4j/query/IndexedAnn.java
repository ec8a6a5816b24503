package org.vpr4j.query;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.query.ann.AnnIndex;
import org.vpr4j.query.ann.AnnSettings;
import org.vpr4j.query.ann.VectorKernels;

/**
 * The HNSW graph of a place index: built from the index's descriptors, fingerprinted with the
 * index's model, checkpoint, PCA, size and dimension, and refused when any of them differs.
 */
public final class IndexedAnn {
  private static final Logger LOG = LogManager.getLogger(IndexedAnn.class);
  /** Below this many descriptors exact search is about as fast as HNSW: the graph is built, with a note. */
  public static final int SMALL_DATABASE = 10_000;

  private IndexedAnn() {}

  /** What the graph must have been built from. */
  static Map<String, String> fingerprint(PlaceIndex index) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("model", index.model().modelName());
    f.put("checkpointSha256", index.model().checkpointSha256());
    f.put("pcaSha256", index.model().pcaSha256());
    f.put("count", Integer.toString(index.size()));
    f.put("dim", Integer.toString(index.descriptorDim()));
    return f;
  }

  /** At most {@link AnnSettings#CALIBRATION_QUERIES} of {@code queries}, evenly spaced (a split lists its queries along its route). */
  public static List<Path> calibrationSample(List<Path> queries) {
    int n = Math.min(AnnSettings.CALIBRATION_QUERIES, queries.size());
    List<Path> sample = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sample.add(queries.get((int) ((long) i * queries.size() / n)));
    }
    return sample;
  }

  /** Builds the graph of {@code index} beside it. */
  public static Path build(PlaceIndex index, AnnSettings settings) {
    return build(index, settings, null);
  }

  /**
   * Builds the graph of {@code index} beside it; a projected graph measures its re-rank factor on
   * {@code heldOutQueries}, descriptors of queries the index will not be evaluated on, made by its
   * model and PCA (null: on queries made between its rows; see {@link AnnIndex#build}).
   */
  public static Path build(PlaceIndex index, AnnSettings settings, DescriptorStore heldOutQueries) {
    if (index.size() < SMALL_DATABASE) {
      LOG.info("note: {} descriptors is a small database; exact search ('query search --exact') is about as fast"
          + " there, but the HNSW index is built as asked", index.size());
    }
    LOG.info("HNSW distances: {}", VectorKernels.describe());
    Path folder = AnnIndex.folderFor(index.file());
    AnnIndex.build(index.descriptors(), folder, settings, fingerprint(index), heldOutQueries);
    if (settings.projected()) {
      try (AnnIndex ann = AnnIndex.open(folder)) {
        // Whether recall can hold: a share near D/dim means a flat spectrum (docs/scale.md).
        LOG.info(String.format(Locale.ROOT, "HNSW navigation: the top %d PCA components hold %.1f%% of the"
            + " descriptors' variance (%.1f%% if it were spread evenly)", settings.navDim(),
            100 * ann.navigation().varianceKept(), 100.0 * settings.navDim() / index.descriptorDim()));
      }
    }
    return folder;
  }

  /**
   * The graph beside {@code index}, or null when there is none.
   *
   * @throws VprException if it was built from other descriptors (model, checkpoint, PCA, size or dimension)
   */
  public static AnnIndex openIfPresent(PlaceIndex index) {
    Path folder = AnnIndex.folderFor(index.file());
    if (!Files.isDirectory(folder)) {
      return null;
    }
    AnnIndex ann = AnnIndex.open(folder);
    Map<String, String> built = ann.commitData();
    for (Map.Entry<String, String> e : fingerprint(index).entrySet()) {
      if (!e.getValue().equals(built.get(e.getKey()))) {
        ann.close();
        throw new VprException("HNSW index " + folder + " was built from other descriptors than index " + index.file()
            + " holds (" + e.getKey() + " " + built.get(e.getKey()) + ", the index has " + e.getValue()
            + "): another model, checkpoint or PCA; rebuild it with 'vpr4j query index --ann hnsw' or search with"
            + " --exact");
      }
    }
    LOG.info("HNSW distances: {}", VectorKernels.describe());
    return ann;
  }
}
