package org.vpr4j.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.vpr4j.VprException;

/**
 * A run folder: everything one model needs and produces.
 * <pre>
 *   graph.json               the experiment configuration this run uses
 *   centroids.hdf5           the k-means centroids NetVLAD was initialised from
 *   checkpoints/NAME.h5      weights (init, latest, best, imported), see {@link WeightsFile}
 *   reports/                 test reports (JSON, Markdown, HTML)
 *   pca.hdf5                 the run's PCA (from 'vpr4j pca'), applied by test, query and export
 * </pre>
 */
public final class RunFolder {
  public static final String GRAPH = "graph.json";
  public static final String CENTROIDS = "centroids.hdf5";
  public static final String PCA = "pca.hdf5";

  private final Path root;

  private RunFolder(Path root) {
    this.root = root;
  }

  /** An existing run folder; fails clearly when it is not one. */
  public static RunFolder open(Path root) {
    if (!Files.isDirectory(root)) {
      throw new VprException("run folder " + root + " does not exist");
    }
    if (!Files.isRegularFile(root.resolve(GRAPH))) {
      throw new VprException("run folder " + root + " has no " + GRAPH + " (not a vpr4j run folder)");
    }
    return new RunFolder(root);
  }

  /**
   * A run folder about to be created at {@code root}: its {@link #graphFile()} is written by the
   * caller (the folder layout lives here, what the graph means lives in {@code config}).
   */
  public static RunFolder at(Path root) {
    return new RunFolder(root);
  }

  public Path root() {
    return root;
  }

  /** The experiment configuration of this run ({@code config.GraphConfig.of(run)} reads it). */
  public Path graphFile() {
    return root.resolve(GRAPH);
  }

  public Path centroids() {
    return root.resolve(CENTROIDS);
  }

  /** The run's PCA file (it may not exist). */
  public Path pca() {
    return root.resolve(PCA);
  }

  /** The folder of the checkpoints. */
  public Path checkpoints() {
    return root.resolve("checkpoints");
  }

  public Path checkpoint(String name) {
    return checkpoints().resolve(name + ".h5");
  }

  public Path reports() {
    return root.resolve("reports");
  }

  public boolean hasCheckpoint(String name) {
    return Files.isRegularFile(checkpoint(name));
  }

  public void writeCheckpoint(String name, Map<String, FloatArray> weights, Map<String, String> attributes) {
    WeightsFile.write(checkpoint(name), weights, attributes);
  }

  /** Reads a checkpoint; says which ones exist when the requested one does not. */
  public WeightsFile.Contents readCheckpoint(String name) {
    Path file = checkpoint(name);
    if (!Files.isRegularFile(file)) {
      throw new VprException("run folder " + root + " has no checkpoint '" + name + "' (" + file + ")");
    }
    return WeightsFile.read(file);
  }
}
