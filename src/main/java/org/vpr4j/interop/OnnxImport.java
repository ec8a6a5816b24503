package org.vpr4j.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.attention.UnusedBlocks;
import org.vpr4j.model.layers.Params;
import org.vpr4j.onnx.FloatTensorData;
import org.vpr4j.onnx.OnnxWeights;

/**
 * Maps the initializers of an ONNX file (named by PyTorch checkpoint keys, PyTorch layouts) onto
 * a model's variables (same names, TF layouts). Every problem is collected and reported at once:
 * parameters the model needs but the file lacks, tensors of the wrong shape, and parameter-like
 * tensors the model has no place for. Blocks the reference keeps but never runs
 * ({@code crn_downsample}, {@code crn_upsample}) are reported as ignored.
 */
public final class OnnxImport {

  /** The model's weights and what was left out. */
  public record Mapped(Map<String, FloatArray> weights, List<String> ignored) {}

  private OnnxImport() {}

  /**
   * @param params the variables of the target model (optimizer slots are skipped)
   * @param rename maps an ONNX name to the model's name (identity for vpr4j variants; torchvision
   *     VGG16's {@code features.N} to {@code encoder.N})
   */
  public static Mapped map(OnnxWeights onnx, Params params, java.util.function.UnaryOperator<String> rename) {
    return map(onnx, params, rename, name -> true, name -> false);
  }

  /**
   * Like {@link #map(OnnxWeights, Params, java.util.function.UnaryOperator)} for a file that holds
   * only part of the model, e.g. torchvision's VGG16 for the encoder.
   *
   * @param needed which model parameters the file must provide; the others keep their values
   * @param ignorable file tensors (model names) to report as ignored instead of as unexpected,
   *     besides the unused reference blocks and BN counters
   */
  public static Mapped map(OnnxWeights onnx, Params params, java.util.function.UnaryOperator<String> rename,
      java.util.function.Predicate<String> needed, java.util.function.Predicate<String> ignorable) {
    Map<String, FloatTensorData> byModelName = new LinkedHashMap<>();
    for (String name : onnx.names()) {
      byModelName.put(rename.apply(name), onnx.get(name));
    }
    Map<String, FloatArray> weights = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    List<String> misshaped = new ArrayList<>();
    for (Params.Param p : params.all()) {
      if (p.role() == Params.Role.SLOT || !needed.test(p.name())) {
        continue;
      }
      FloatTensorData t = byModelName.remove(p.name());
      if (t == null) {
        missing.add(p.name() + " " + java.util.Arrays.toString(p.shape()));
        continue;
      }
      FloatArray tf = TorchLayout.toTf(p.name(), new FloatArray(t.dims(), t.values()));
      if (!tf.sameShape(p.shape())) {
        misshaped.add(p.name() + ": file has " + t.shapeString() + " (PyTorch layout), the model needs "
            + java.util.Arrays.toString(TorchLayout.torchShape(p.name(), p.shape())));
        continue;
      }
      weights.put(p.name(), tf);
    }
    List<String> ignored = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    for (String name : byModelName.keySet()) {
      if (UnusedBlocks.isUnused(name) || name.endsWith("num_batches_tracked") || ignorable.test(name)) {
        ignored.add(name);
      } else if (looksLikeParameter(name)) {
        unexpected.add(name + " " + byModelName.get(name).shapeString());
      }
    }
    if (!missing.isEmpty() || !misshaped.isEmpty() || !unexpected.isEmpty()) {
      StringBuilder sb = new StringBuilder("the weights in " + onnx.file() + " do not fit the model");
      section(sb, "missing", missing);
      section(sb, "wrong shape", misshaped);
      section(sb, "not in the model", unexpected);
      throw new VprException(sb.toString());
    }
    return new Mapped(weights, ignored);
  }

  /** Exporters add float constants named like {@code onnx::Mul_12}; parameters have dotted keys. */
  static boolean looksLikeParameter(String name) {
    return !name.contains("::") && name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+");
  }

  private static void section(StringBuilder sb, String title, List<String> items) {
    if (!items.isEmpty()) {
      sb.append("\n  ").append(title).append(" (").append(items.size()).append("):");
      items.stream().limit(40).forEach(i -> sb.append("\n    ").append(i));
      if (items.size() > 40) {
        sb.append("\n    ... and ").append(items.size() - 40).append(" more");
      }
    }
  }
}
