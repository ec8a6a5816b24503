package org.vpr4j.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.vpr4j.VprException;
import org.vpr4j.onnx.proto.OnnxModelProtos.GraphProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.ModelProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.ValueInfoProto;

/**
 * The float32 weights of an ONNX model, by name. Files made by
 * {@code weights-import/convert_to_onnx.py} name their initializers with the PyTorch checkpoint
 * keys (e.g. {@code encoder.0.weight}, in PyTorch's layout: conv OIHW, linear [out, in]), so an
 * importer looks each model variable up by its key. Names the exporter de-duplicated are
 * resolved through their {@code Identity} nodes and answer like any other name.
 *
 * <p>All float tensors are decoded and checked (shape against data, no NaN or infinity) when
 * the file is read. Initializers of other element types are remembered by name only, so that
 * asking for one as a float gives a precise error.
 */
public final class OnnxWeights {
  private final Path file;
  private final Map<String, FloatTensorData> tensors;
  private final Map<String, String> aliases;
  private final Map<String, String> nonFloatTypes;
  private final List<String> inputNames;
  private final List<String> outputNames;
  private final long opsetVersion;
  private final List<String> names;

  private OnnxWeights(Path file, Map<String, FloatTensorData> tensors, Map<String, String> aliases,
      Map<String, String> nonFloatTypes, List<String> inputNames, List<String> outputNames, long opsetVersion) {
    this.file = file;
    this.tensors = tensors;
    this.aliases = aliases;
    this.nonFloatTypes = nonFloatTypes;
    this.inputNames = inputNames;
    this.outputNames = outputNames;
    this.opsetVersion = opsetVersion;
    List<String> all = new ArrayList<>(tensors.keySet());
    aliases.forEach((alias, target) -> {
      if (tensors.containsKey(target)) {
        all.add(alias);
      }
    });
    this.names = Collections.unmodifiableList(all);
  }

  /** Reads every initializer of {@code file}; problems become a {@link VprException} naming the file. */
  public static OnnxWeights read(Path file) {
    ModelProto model = OnnxModelFile.parse(file);
    GraphProto graph = model.getGraph();
    Map<String, FloatTensorData> tensors = new LinkedHashMap<>();
    Map<String, String> nonFloatTypes = new LinkedHashMap<>();
    Set<String> initializerNames = new LinkedHashSet<>();
    for (TensorProto initializer : graph.getInitializerList()) {
      String name = initializer.getName();
      if (!initializerNames.add(name)) {
        throw new VprException(file + " is not a valid ONNX model: it has two initializers named '" + name + "'");
      }
      if (InitializerDecoder.isFloat(initializer)) {
        tensors.put(name, InitializerDecoder.decodeFloat(file, initializer));
      } else {
        nonFloatTypes.put(name, InitializerDecoder.typeName(initializer.getDataType()));
      }
    }
    Map<String, String> aliases = IdentityAliases.resolve(file, graph, initializerNames);
    // Models before IR version 4 also list their initializers as graph inputs; only real inputs count.
    List<String> inputs = graph.getInputList().stream()
        .map(ValueInfoProto::getName)
        .filter(n -> !initializerNames.contains(n))
        .toList();
    List<String> outputs = graph.getOutputList().stream().map(ValueInfoProto::getName).toList();
    return new OnnxWeights(file, Collections.unmodifiableMap(tensors), aliases,
        Collections.unmodifiableMap(nonFloatTypes), inputs, outputs, OnnxModelFile.defaultOpsetVersion(model));
  }

  /** The file these weights came from. */
  public Path file() {
    return file;
  }

  /**
   * Every name {@link #get} answers: the float32 initializers in file order, then the
   * Identity aliases of float32 initializers.
   */
  public List<String> names() {
    return names;
  }

  /** Whether {@code name} is a float32 initializer or an alias of one. */
  public boolean contains(String name) {
    return tensors.containsKey(resolve(name));
  }

  /** The number of names {@link #get} answers, aliases included. */
  public int size() {
    return names.size();
  }

  /** Alias name to the name of the initializer it stands for, for the de-duplicated parameters. */
  public Map<String, String> aliases() {
    return aliases;
  }

  /** The graph's input names, without initializers that old exporters listed as inputs too. */
  public List<String> inputNames() {
    return inputNames;
  }

  /** The graph's output names. */
  public List<String> outputNames() {
    return outputNames;
  }

  /** The version of the default ONNX operator set the model was exported with. */
  public long opsetVersion() {
    return opsetVersion;
  }

  /** The tensor called {@code name} (an initializer or an alias of one), in PyTorch's layout. */
  public FloatTensorData get(String name) {
    String target = resolve(name);
    FloatTensorData tensor = tensors.get(target);
    if (tensor != null) {
      return tensor;
    }
    String type = nonFloatTypes.get(target);
    if (type != null) {
      throw new VprException("initializer '" + name + "' in " + file + " holds " + type
          + " values, but vpr4j expects float32 there");
    }
    throw new VprException(file + " has no float32 initializer named '" + name + "'; it has " + describeNames());
  }

  /** Like {@link #get}, and also requires the shape to be {@code expectedDims}. */
  public FloatTensorData require(String name, long... expectedDims) {
    FloatTensorData tensor = get(name);
    if (!Arrays.equals(tensor.dims(), expectedDims)) {
      throw new VprException("initializer '" + name + "' in " + file + " has shape " + tensor.shapeString()
          + ", but the model needs " + Arrays.toString(expectedDims));
    }
    return tensor;
  }

  private static void requireShape(float[] w, long[] dims, int rank, String layout) {
    if (dims.length != rank) {
      throw new IllegalArgumentException("expected a rank-" + rank + " " + layout + " shape, got " + Arrays.toString(dims));
    }
    if (FloatTensorData.elementCount(dims) != w.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " does not match " + w.length + " values");
    }
  }

  private String resolve(String name) {
    return aliases.getOrDefault(name, name);
  }

  private String describeNames() {
    if (names.isEmpty()) {
      return "none";
    }
    int shown = Math.min(names.size(), 12);
    String list = names.stream().limit(shown).collect(Collectors.joining(", "));
    return names.size() + " (" + list + (shown < names.size() ? ", ..." : "") + ")";
  }
}
