package org.vpr4j.query;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
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
        file.toAbsolutePath().normalize().toString(), sha256(file));
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
        sha256(run.checkpoint(checkpoint)), Instant.now().toString());
  }

  /** The graph configuration the index was built with. */
  public GraphConfig graph() {
    try {
      return GraphConfig.json().readValue(graphJson, GraphConfig.class);
    } catch (IOException e) {
      throw new VprException("the graph configuration stored in the index is not valid: " + e.getMessage(), e);
    }
  }

  /** Hex SHA-256 of a file's bytes. */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new VprException("cannot read " + file + " to fingerprint it: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
