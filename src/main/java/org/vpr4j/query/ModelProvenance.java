package org.vpr4j.query;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.io.FileDigest;
import org.vpr4j.io.RunFolder;

/**
 * Which model made the descriptors of an index: the run folder, its graph configuration (kept
 * whole, so the index still says what it is if the run folder is gone), the checkpoint and a
 * SHA-256 of the checkpoint file, so that searching with other weights is caught instead of
 * returning meaningless neighbours. When the descriptors went through a PCA, its file and the
 * file's SHA-256 are kept too (empty strings otherwise), so a relearned PCA is caught as well.
 */
public record ModelProvenance(String modelName, String graphJson, String runFolder, String checkpoint,
    String checkpointSha256, String created, String pcaFile, String pcaSha256) {

  /** Provenance of full (not PCA'd) descriptors. */
  public ModelProvenance(String modelName, String graphJson, String runFolder, String checkpoint,
      String checkpointSha256, String created) {
    this(modelName, graphJson, runFolder, checkpoint, checkpointSha256, created, "", "");
  }

  /** Whether the descriptors went through a PCA. */
  public boolean hasPca() {
    return !pcaFile.isEmpty();
  }

  /** The same provenance for descriptors projected by the PCA in {@code file}. */
  public ModelProvenance withPca(Path file) {
    return new ModelProvenance(modelName, graphJson, runFolder, checkpoint, checkpointSha256, created,
        file.toAbsolutePath().normalize().toString(), FileDigest.sha256(file));
  }

  /** The provenance of checkpoint {@code checkpoint} of {@code run}, as of now. */
  public static ModelProvenance of(RunFolder run, GraphConfig graph, String checkpoint) {
    String json;
    try {
      json = GraphConfig.json().writeValueAsString(graph);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise graph config " + graph.name(), e);
    }
    return new ModelProvenance(graph.name(), json, run.root().toAbsolutePath().normalize().toString(), checkpoint,
        FileDigest.sha256(run.checkpoint(checkpoint)), Instant.now().toString());
  }

  /** The graph configuration the index was built with. */
  public GraphConfig graph() {
    try {
      return GraphConfig.json().readValue(graphJson, GraphConfig.class);
    } catch (IOException e) {
      throw new VprException("the graph configuration stored in the index is not valid: " + e.getMessage(), e);
    }
  }
}
