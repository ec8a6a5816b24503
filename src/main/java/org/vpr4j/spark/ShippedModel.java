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
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.RunFolder;
import org.vpr4j.io.WeightsFile;
import org.vpr4j.model.Describer;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.util.NativeMemory;

/**
 * A run folder's model, shipped with the job: the driver adds the graph configuration and the
 * one checkpoint the job uses to the job's files (under names unique to the model, since Spark
 * keeps one file per name), which Spark copies to every executor; each executor JVM then loads
 * the model once and keeps it for all the tasks it runs. Tasks on one executor take turns at the
 * model, whose TensorFlow session already uses every core of the executor.
 *
 * @param name the model's unique prefix among the job's files
 * @param checkpoint the checkpoint's name in its run folder
 */
record ShippedModel(String name, String checkpoint) implements Serializable {
  private static final Map<String, Describer> LOADED = new ConcurrentHashMap<>();

  /**
   * Adds {@code checkpoint} of {@code run} and its configuration to the files of {@code sc}'s jobs,
   * named after the configuration and the checkpoint's SHA-256, so that a second job with the same
   * model reuses them (Spark refuses one name for two different files).
   */
  static ShippedModel ship(JavaSparkContext sc, RunFolder run, String checkpoint, String checkpointSha256) {
    try {
      String graphJson = Files.readString(run.root().resolve(RunFolder.GRAPH));
      String name = "vpr4j-model-" + Sha256.of(graphJson + "\n" + checkpointSha256).substring(0, 16);
      Path folder = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
          "vpr4j-spark-" + System.getProperty("user.name")));
      Path graph = folder.resolve(graphFile(name));
      Path weights = folder.resolve(checkpointFile(name));
      if (!Files.isRegularFile(graph) || !Files.isRegularFile(weights)) {
        AtomicFiles.writeString(graph, graphJson);
        AtomicFiles.write(weights, tmp -> Files.copy(run.checkpoint(checkpoint), tmp,
            StandardCopyOption.REPLACE_EXISTING));
      }
      sc.addFile(graph.toString());
      sc.addFile(weights.toString());
      return new ShippedModel(name, checkpoint);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the model of " + run.root() + ": " + e.getMessage(), e);
    }
  }

  private static String graphFile(String name) {
    return name + "-graph.json";
  }

  private static String checkpointFile(String name) {
    return name + "-checkpoint.h5";
  }

  /** The model on this executor, loaded on first use. */
  Describer describer() {
    return LOADED.computeIfAbsent(name, k -> load());
  }

  private Describer load() {
    NativeMemory.unlimit(); // before TensorFlow's first tensor on this executor, as the CLI does
    GraphConfig graph = GraphConfig.read(Path.of(SparkFiles.get(graphFile(name))));
    Path weights = Path.of(SparkFiles.get(checkpointFile(name)));
    InferenceModel model = new InferenceModel(graph.model(), 0);
    model.load(model.params().fitting(WeightsFile.read(weights).tensors(), "checkpoint " + checkpoint + " (" + weights
        + ")"));
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
