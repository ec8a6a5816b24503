package org.vpr4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.vpr4j.VprException;
import org.vpr4j.bench.Bf16SelfCheck;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.interop.SavedModelDescriber;
import org.vpr4j.io.FileDigest;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.SessionConfig.Precision;
import org.vpr4j.model.ort.Engine;

/**
 * The model an extract describes images with, as the driver knows it before shipping it: a
 * checkpoint of a run folder (in fp32 or bf16, on the engine asked for), or a SavedModel written
 * by {@code vpr4j export} (on TensorFlow).
 * Its fingerprint is the checkpoint's SHA-256 either way (an export records the one it was made
 * from), so that search accepts queries and database described by the same weights through
 * either form.
 */
public final class ExtractModel {
  private final String name;
  private final String checkpoint;
  private final String checkpointSha256;
  private final int descriptorDim;
  private final String origin;
  private final RunFolder run;
  private final Path savedModel;
  private final Precision precision;
  private final Bf16SelfCheck.Policy bf16;
  private final Engine engine;

  private ExtractModel(String name, String checkpoint, String checkpointSha256, int descriptorDim, String origin,
      RunFolder run, Path savedModel, Precision precision, Bf16SelfCheck.Policy bf16, Engine engine) {
    this.name = name;
    this.checkpoint = checkpoint;
    this.checkpointSha256 = checkpointSha256;
    this.descriptorDim = descriptorDim;
    this.origin = origin;
    this.run = run;
    this.savedModel = savedModel;
    this.precision = precision;
    this.bf16 = bf16;
    this.engine = engine;
  }

  /**
   * Checkpoint {@code checkpoint} of {@code run}, computed in {@code precision} on {@code engine}
   * (auto: resolved on each executor); bf16 is checked against fp32 on every executor before its
   * first batch counts, under {@code bf16}'s floor. (The command line refuses ort in bf16 before
   * this; {@link org.vpr4j.model.ort.InferenceEngines} refuses it again on the executor.)
   */
  public static ExtractModel ofRun(RunFolder run, String checkpoint, Precision precision, Bf16SelfCheck.Policy bf16,
      Engine engine) {
    GraphConfig graph = GraphConfig.of(run);
    return new ExtractModel(graph.name(), checkpoint, FileDigest.sha256(run.checkpoint(checkpoint)),
        graph.model().descriptorDim(), run.root().toAbsolutePath().normalize().toString(), run, null, precision, bf16,
        engine);
  }

  /** The SavedModel in {@code folder}, from {@code vpr4j export}; computed in fp32 on TensorFlow. */
  public static ExtractModel ofSavedModel(Path folder) {
    JsonNode d = SavedModelDescriber.description(folder);
    JsonNode provenance = d.path("provenance");
    String sha = provenance.path("checkpointSha256").asText("");
    if (sha.isEmpty()) {
      // An export made before exports recorded their checkpoint's hash: fingerprinted by its own files.
      sha = "savedmodel:" + filesSha256(folder);
    }
    return new ExtractModel(d.path("model").asText(), provenance.path("checkpoint").asText("exported"), sha,
        d.path("descriptorDim").asInt(), folder.toAbsolutePath().normalize().toString(), null, folder,
        Precision.FP32, Bf16SelfCheck.Policy.DEFAULT, Engine.TF);
  }

  public String name() {
    return name;
  }

  public String checkpoint() {
    return checkpoint;
  }

  public String checkpointSha256() {
    return checkpointSha256;
  }

  public int descriptorDim() {
    return descriptorDim;
  }

  /** The run folder or SavedModel folder, absolute. */
  public String origin() {
    return origin;
  }

  /** {@code run folder} or {@code SavedModel}. */
  public String form() {
    return run != null ? "run folder" : "SavedModel";
  }

  public Precision precision() {
    return precision;
  }

  /** The engine asked for: tf, ort, or auto (resolved on each executor); tf for a SavedModel. */
  public Engine engine() {
    return engine;
  }

  /** Adds the model to the files of {@code sc}'s jobs. */
  ShippedModel ship(JavaSparkContext sc) {
    return run != null
        ? ShippedModel.shipRun(sc, run, checkpoint, checkpointSha256, precision, bf16, engine)
        : ShippedModel.shipSavedModel(sc, savedModel, checkpointSha256);
  }

  private static String filesSha256(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      StringBuilder all = new StringBuilder();
      files.filter(Files::isRegularFile).sorted().forEach(f -> all.append(folder.relativize(f)).append(' ')
          .append(FileDigest.sha256(f)).append('\n'));
      return Sha256.of(all.toString());
    } catch (java.io.IOException e) {
      throw new VprException("cannot read SavedModel " + folder + ": " + e.getMessage(), e);
    }
  }
}
