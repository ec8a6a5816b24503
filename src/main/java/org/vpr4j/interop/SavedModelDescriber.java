package org.vpr4j.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.model.Describer;
import org.vpr4j.model.SessionConfig;
import org.vpr4j.model.layers.Tensors;

/**
 * A SavedModel written by {@link SavedModelExporter} used as a {@link Describer}: images at the
 * model's input size go through its {@code serving_default} signature (whose in-graph resize
 * leaves such images unchanged), with the CPU session settings of the in-process model. The
 * model's configuration and provenance come from the export's {@code vpr4j-export.json}.
 */
public final class SavedModelDescriber implements Describer, AutoCloseable {
  /** The description {@link SavedModelExporter} writes beside the SavedModel. */
  public static final String DESCRIPTION = "vpr4j-export.json";

  private final Path folder;
  private final ModelConfig config;
  private final SavedModelBundle bundle;
  private final SessionFunction describe;

  private SavedModelDescriber(Path folder, ModelConfig config, SavedModelBundle bundle) {
    this.folder = folder;
    this.config = config;
    this.bundle = bundle;
    this.describe = bundle.function(SavedModelExporter.DEFAULT_SIGNATURE);
  }

  /**
   * Loads the export in {@code folder}.
   *
   * @throws VprException naming the folder if it is not an export of vpr4j
   */
  public static SavedModelDescriber load(Path folder) {
    ModelConfig config = GraphConfig.json().convertValue(description(folder).get("config"), ModelConfig.class);
    try {
      SavedModelBundle bundle = SavedModelBundle.loader(folder.toString()).withTags("serve")
          .withConfigProto(SessionConfig.inference()).load();
      return new SavedModelDescriber(folder, config, bundle);
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw new VprException("SavedModel " + folder + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  /**
   * The export's {@code vpr4j-export.json}: model name, configuration, descriptor dimension and
   * provenance (run folder, checkpoint and, from exports of this version on, its SHA-256).
   *
   * @throws VprException naming the folder if it has no such description
   */
  public static JsonNode description(Path folder) {
    Path file = folder.resolve(DESCRIPTION);
    if (!Files.isRegularFile(folder.resolve("saved_model.pb")) || !Files.isRegularFile(file)) {
      throw new VprException(folder + " is not a SavedModel exported by 'vpr4j export' (it needs saved_model.pb and "
          + DESCRIPTION + ")");
    }
    try {
      JsonNode d = GraphConfig.json().readTree(file.toFile());
      if (!d.has("config") || !d.has("model")) {
        throw new VprException(file + " does not describe a vpr4j model (no 'model' or 'config')");
      }
      return d;
    } catch (IOException e) {
      throw new VprException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public Path folder() {
    return folder;
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public float[] describe(byte[] pixels, int n) {
    long[] shape = {n, config.inputHeight(), config.inputWidth(), 3};
    try (TUint8 in = Tensors.bytes(shape, pixels);
        Result r = describe.call(Map.<String, Tensor>of("images", in))) {
      return Tensors.toArray((TFloat32) r.get("descriptor").orElseThrow());
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
