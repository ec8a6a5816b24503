package org.vpr4j.query;

import java.nio.file.Path;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.PcaFile;
import org.vpr4j.io.FileDigest;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.InferenceModel;

/**
 * Opens the model that matches an index: the run folder and checkpoint the index records (or
 * ones the user names instead, e.g. after moving the run), checked against the index so that
 * queries are never described by a different network or different weights than the database.
 */
public final class IndexedModel {
  private IndexedModel() {}

  /**
   * The PCA the index's descriptors went through, or null: the file it records, which must be
   * unchanged (same SHA-256) and take the model's descriptors.
   *
   * @throws VprException if the file is gone or was changed (e.g. relearned) since the index was built
   */
  public static Pca pca(PlaceIndex index, int modelDim) {
    ModelProvenance built = index.model();
    if (!built.hasPca()) {
      return null;
    }
    Path file = Path.of(built.pcaFile());
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new VprException("index " + index.file() + " was built with PCA file " + file
          + ", which does not exist; rebuild the index with 'vpr4j query index'");
    }
    if (!FileDigest.sha256(file).equals(built.pcaSha256())) {
      throw new VprException("PCA file " + file + " is not the one index " + index.file() + " was built with (it"
          + " changed since, e.g. relearned by 'vpr4j pca'); rebuild the index with 'vpr4j query index'");
    }
    return PcaFile.read(file, modelDim);
  }

  /**
   * @param runOverride a run folder to use instead of the recorded one, or {@code null}
   * @param checkpointOverride a checkpoint name to use instead of the recorded one, or {@code null}
   * @throws VprException if the run is missing, its model makes descriptors of another dimension
   *     or differs from the index's, or the checkpoint file is not the one the index was built with
   */
  public static InferenceModel open(PlaceIndex index, Path runOverride, String checkpointOverride) {
    ModelProvenance built = index.model();
    Path runPath = runOverride != null ? runOverride : Path.of(built.runFolder());
    if (runOverride == null && !java.nio.file.Files.isDirectory(runPath)) {
      throw new VprException("index " + index.file() + " was built with run folder " + runPath
          + ", which does not exist; pass --run with its new location");
    }
    RunFolder run = RunFolder.open(runPath);
    GraphConfig graph = GraphConfig.of(run);
    int dim = built.hasPca() ? PcaFile.read(Path.of(built.pcaFile())).dim() : graph.model().descriptorDim();
    if (dim != index.descriptorDim()) {
      throw new VprException("index " + index.file() + " holds descriptors of dimension " + index.descriptorDim()
          + " from model '" + built.modelName() + "', but run " + runPath + " (model '" + graph.name()
          + "') makes descriptors of dimension " + dim + "; build an index with this run or query with --run "
          + built.runFolder());
    }
    if (!graph.model().equals(built.graph().model())) {
      throw new VprException("run " + runPath + " has another network configuration (" + graph.model()
          + ") than the one index " + index.file() + " was built with (" + built.graph().model() + ")");
    }
    String checkpoint = checkpointOverride != null ? checkpointOverride : built.checkpoint();
    if (!run.hasCheckpoint(checkpoint)) {
      throw new VprException("run folder " + runPath + " has no checkpoint '" + checkpoint + "' ("
          + run.checkpoint(checkpoint) + "), which index " + index.file() + " was built with");
    }
    String sha = FileDigest.sha256(run.checkpoint(checkpoint));
    if (!sha.equals(built.checkpointSha256())) {
      throw new VprException("checkpoint " + run.checkpoint(checkpoint) + " is not the one index " + index.file()
          + " was built with (the weights changed since, e.g. by more training); rebuild the index with"
          + " 'vpr4j query index'");
    }
    return InferenceModel.ofCheckpointForFewImages(graph.model(), run.readCheckpoint(checkpoint).tensors(),
        run.checkpoint(checkpoint).toString());
  }
}
