package org.vpr4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.PcaFile;
import org.vpr4j.io.FileDigest;
import org.vpr4j.io.RunFolder;

/** The {@code --pca} option of the commands that apply a run's PCA: {@code run} (default), {@code none} or a file. */
final class PcaOptions {
  private static final Logger LOG = LogManager.getLogger(PcaOptions.class);

  private PcaOptions() {}

  static OptionSet add(OptionSet o) {
    return o.value("pca", "WHICH", "run", "PCA applied to the descriptors: run (the run's pca.hdf5 from 'vpr4j pca',"
        + " when there is one), none (full descriptors), or a PCA file");
  }

  /**
   * The PCA chosen by {@code --pca} for checkpoint {@code ckpt} of {@code run}, or null for full
   * descriptors. A PCA learned from other weights is applied with a warning: its components no
   * longer describe the descriptors' variance (relearn it with 'vpr4j pca').
   */
  static Pca resolve(Args args, RunFolder run, String ckpt) {
    String which = args.string("pca");
    int inputDim = GraphConfig.of(run).model().descriptorDim();
    Path file;
    if (which.equals("none")) {
      return null;
    } else if (which.equals("run")) {
      file = run.pca();
      if (!Files.isRegularFile(file)) {
        return null;
      }
    } else {
      file = Path.of(which);
    }
    Pca pca = PcaFile.read(file, inputDim);
    String sha = pca.origin().get("checkpointSha256");
    if (sha != null && !sha.isEmpty() && !sha.equals(FileDigest.sha256(run.checkpoint(ckpt)))) {
      LOG.warn("PCA file {} was learned with other weights than checkpoint '{}' of {}; relearn it with 'vpr4j pca'",
          file, ckpt, run.root());
    }
    LOG.info("applying {} ({} -> {}{}) from {}", pca.label(), pca.inputDim(), pca.dim(),
        pca.whiten() ? ", whitened" : "", file);
    return pca;
  }
}
