package org.vpr4j.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;

/**
 * An ONNX model run by ONNX Runtime on the CPU, fed and read as {@link FloatTensorData}. Used
 * for the segmenter that guides de-attention and for parity checks of imported weights.
 * Inputs are checked against the model (names, float32, rank and fixed dimensions) before a
 * run, so a wrong file or a wrong image size gives a {@link VprException} naming the model file.
 * Runs may be issued from several threads; close the model when done.
 */
public final class OnnxRuntimeModel implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(OnnxRuntimeModel.class);

  private final Path file;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final Map<String, TensorInfo> inputs;
  private final List<String> outputNames;

  private OnnxRuntimeModel(Path file, OrtEnvironment environment, OrtSession session,
      Map<String, TensorInfo> inputs, List<String> outputNames) {
    this.file = file;
    this.environment = environment;
    this.session = session;
    this.inputs = inputs;
    this.outputNames = outputNames;
  }

  /** Opens {@code file} with one intra-op thread per available core. */
  public static OnnxRuntimeModel open(Path file) {
    return open(file, Runtime.getRuntime().availableProcessors());
  }

  /** Opens {@code file}, letting ONNX Runtime use {@code intraOpThreads} threads inside an operator. */
  public static OnnxRuntimeModel open(Path file, int intraOpThreads) {
    if (!Files.isRegularFile(file)) {
      throw new VprException("ONNX model " + file + " does not exist or is not a file");
    }
    long start = System.nanoTime();
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      session = environment.createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new VprException("ONNX Runtime cannot load " + file + " as a model: " + e.getMessage(), e);
    }
    try {
      Map<String, TensorInfo> inputs = tensorInputs(file, session);
      List<String> outputs = List.copyOf(session.getOutputNames());
      LOG.debug("opened {} in {} ms: inputs {}, outputs {}", file, (System.nanoTime() - start) / 1_000_000,
          inputs.keySet(), outputs);
      return new OnnxRuntimeModel(file, environment, session, inputs, outputs);
    } catch (OrtException | RuntimeException e) {
      closeQuietly(session);
      if (e instanceof VprException v) {
        throw v;
      }
      throw new VprException("ONNX Runtime cannot describe the inputs of " + file + ": " + e.getMessage(), e);
    }
  }

  /** The model file. */
  public Path file() {
    return file;
  }

  /** The input names, in the model's order. */
  public List<String> inputNames() {
    return List.copyOf(inputs.keySet());
  }

  /** The output names, in the model's order. */
  public List<String> outputNames() {
    return outputNames;
  }

  /** The declared shape of input {@code name}; -1 marks a dimension that may vary (e.g. batch). */
  public long[] inputShape(String name) {
    requireInputs(name);
    return inputs.get(name).getShape();
  }

  /** Fails with a {@link VprException} unless the model has every one of these inputs. */
  public void requireInputs(String... names) {
    for (String name : names) {
      if (!inputs.containsKey(name)) {
        throw new VprException("ONNX model " + file + " has no input '" + name + "'; its inputs are " + inputs.keySet());
      }
    }
  }

  /** Fails with a {@link VprException} unless the model has every one of these outputs. */
  public void requireOutputs(String... names) {
    requireOutputs(Arrays.asList(names));
  }

  /** Runs the model on {@code feeds} (one tensor per model input) and returns every output. */
  public Map<String, FloatTensorData> run(Map<String, FloatTensorData> feeds) {
    return run(feeds, outputNames);
  }

  /**
   * Runs the model on {@code feeds} (one tensor per model input) and returns only the
   * {@code wanted} outputs, in the order given; ONNX Runtime skips work that only other outputs need.
   */
  public Map<String, FloatTensorData> run(Map<String, FloatTensorData> feeds, Collection<String> wanted) {
    checkFeeds(feeds);
    requireOutputs(wanted);
    Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, FloatTensorData> feed : feeds.entrySet()) {
        FloatTensorData data = feed.getValue();
        tensors.put(feed.getKey(), OnnxTensor.createTensor(environment, FloatBuffer.wrap(data.values()), data.dims()));
      }
      try (OrtSession.Result result = session.run(tensors, new LinkedHashSet<>(wanted))) {
        Map<String, FloatTensorData> outputs = new LinkedHashMap<>();
        for (String name : wanted) {
          outputs.put(name, toFloatData(name, result.get(name).orElseThrow()));
        }
        return Collections.unmodifiableMap(outputs);
      }
    } catch (OrtException e) {
      throw new VprException("ONNX Runtime failed to run " + file + " on inputs " + describe(feeds) + ": "
          + e.getMessage(), e);
    } finally {
      tensors.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    closeQuietly(session);
  }

  private static Map<String, TensorInfo> tensorInputs(Path file, OrtSession session) throws OrtException {
    Map<String, TensorInfo> inputs = new LinkedHashMap<>();
    for (NodeInfo node : session.getInputInfo().values()) {
      if (!(node.getInfo() instanceof TensorInfo info)) {
        throw new VprException("input '" + node.getName() + "' of ONNX model " + file
            + " is not a tensor (" + node.getInfo() + "); vpr4j feeds only tensors");
      }
      inputs.put(node.getName(), info);
    }
    return Collections.unmodifiableMap(inputs);
  }

  private void requireOutputs(Collection<String> names) {
    for (String name : names) {
      if (!outputNames.contains(name)) {
        throw new VprException("ONNX model " + file + " has no output '" + name + "'; its outputs are " + outputNames);
      }
    }
  }

  private void checkFeeds(Map<String, FloatTensorData> feeds) {
    for (String name : feeds.keySet()) {
      requireInputs(name);
    }
    List<String> missing = new ArrayList<>(inputs.keySet());
    missing.removeAll(feeds.keySet());
    if (!missing.isEmpty()) {
      throw new VprException("ONNX model " + file + " needs inputs " + missing + " that were not given (given: "
          + feeds.keySet() + ")");
    }
    feeds.forEach((name, data) -> checkFeed(name, inputs.get(name), data));
  }

  private void checkFeed(String name, TensorInfo info, FloatTensorData data) {
    if (info.type != OnnxJavaType.FLOAT) {
      throw new VprException("input '" + name + "' of ONNX model " + file + " takes " + info.type
          + " tensors, but vpr4j feeds float32");
    }
    long[] expected = info.getShape();
    long[] given = data.dims();
    boolean fits = expected.length == given.length;
    for (int i = 0; fits && i < expected.length; i++) {
      fits = expected[i] < 0 || expected[i] == given[i];
    }
    if (!fits) {
      throw new VprException("input '" + name + "' of ONNX model " + file + " expects shape " + Arrays.toString(expected)
          + " (-1 = any size), but was given " + data.shapeString());
    }
  }

  private FloatTensorData toFloatData(String name, OnnxValue value) {
    if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
      throw new VprException("output '" + name + "' of ONNX model " + file + " is " + value.getInfo()
          + ", not a float32 tensor");
    }
    FloatBuffer buffer = tensor.getFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return new FloatTensorData(tensor.getInfo().getShape(), values);
  }

  private static String describe(Map<String, FloatTensorData> feeds) {
    Map<String, String> shapes = new LinkedHashMap<>();
    feeds.forEach((name, data) -> shapes.put(name, data.shapeString()));
    return shapes.toString();
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("closing the ONNX Runtime session failed: {}", e.getMessage());
    }
  }
}
