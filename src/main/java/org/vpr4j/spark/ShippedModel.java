package org.vpr4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.Describer;
import org.vpr4j.model.InferenceModel;

/**
 * A run folder's model, shipped with the job: the driver copies the graph configuration and the
 * one checkpoint the job uses into a small staging folder and adds it to the job's files, which
 * Spark copies to every executor; each executor JVM then loads the model once and keeps it for
 * all the tasks it runs. Tasks on one executor take turns at the model, whose TensorFlow session
 * already uses every core of the executor.
 *
 * @param folderName the staged folder's name among the job's files
 * @param checkpoint the checkpoint name inside it
 */
record ShippedModel(String folderName, String checkpoint) implements Serializable {
  private static final Map<String, Describer> LOADED = new ConcurrentHashMap<>();

  /**
   * Stages {@code checkpoint} of {@code run} and adds it to the files of {@code sc}'s jobs. The
   * staging folder is named after the configuration and the checkpoint's SHA-256, so a second job
   * with the same model reuses it (Spark refuses one name for two different folders).
   */
  static ShippedModel ship(JavaSparkContext sc, RunFolder run, String checkpoint, String checkpointSha256) {
    try {
      String graphJson = Files.readString(run.root().resolve(RunFolder.GRAPH));
      String name = "vpr4j-model-" + Sha256.of(graphJson + "\n" + checkpointSha256).substring(0, 16);
      Path parent = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
          "vpr4j-spark-" + System.getProperty("user.name")));
      Path staged = parent.resolve(name);
      if (!Files.isDirectory(staged)) {
        Path tmp = Files.createTempDirectory(parent, "." + name);
        Files.createDirectories(tmp.resolve("checkpoints"));
        Files.writeString(tmp.resolve(RunFolder.GRAPH), graphJson);
        Files.copy(run.checkpoint(checkpoint), tmp.resolve("checkpoints").resolve(checkpoint + ".h5"));
        try {
          Files.move(tmp, staged, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
          if (!Files.isDirectory(staged)) {
            throw raced;
          }
        }
      }
      sc.addFile(staged.toString(), true);
      return new ShippedModel(name, checkpoint);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the model of " + run.root() + ": " + e.getMessage(), e);
    }
  }

  /** The model on this executor, loaded on first use. */
  Describer describer() {
    return LOADED.computeIfAbsent(folderName + "/" + checkpoint, k -> load());
  }

  private Describer load() {
    RunFolder run = RunFolder.open(Path.of(SparkFiles.get(folderName)));
    GraphConfig graph = run.graph();
    InferenceModel model = new InferenceModel(graph.model(), 0);
    model.load(model.params().fitting(run.readCheckpoint(checkpoint).tensors(), run.checkpoint(checkpoint).toString()));
    // Kept for the executor's lifetime: the JVM ends with the executor.
    return new Describer() {
      @Override
      public ModelConfig config() {
        return model.config();
      }

      @Override
      public float[] describe(byte[] pixels, int n) {
        synchronized (model) {
          return model.describe(pixels, n);
        }
      }
    };
  }
}
