package org.vpr4j.interop.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vpr4j.config.Choice;
import org.vpr4j.config.Padding;
import org.vpr4j.VprException;

/**
 * The metadata {@code weights-import/convert_to_onnx.py} writes next to {@code MODEL.onnx} as
 * {@code MODEL.onnx.json}: the variant, its size, the image size the graph was traced at, the
 * de-attention options (not stored in checkpoints), the keys left out of the ONNX file, where the
 * checkpoint came from, and the file of PyTorch reference outputs. Only the fields the importer
 * needs are read; absent optional fields are null.
 *
 * @param file the sidecar file
 * @param variant the {@code variant} field (required)
 * @param width VGG16 width fraction; null for the segmenter
 * @param clusters NetVLAD clusters; null unless a VPR variant
 * @param traceHeight image height of the tracing example, which the importer takes as the model's input size
 * @param traceWidth image width of the tracing example
 * @param deattentionVersion de-attention version (1 or 2), null without de-attention
 * @param deattentionPadding reflect or zeros, null without de-attention
 * @param ignoredKeys checkpoint keys that are not in the ONNX file (BN counters, unused blocks, classifier)
 * @param sourceCheckpoint the {@code source_checkpoint} object as it is (path, sha256, layout, ...)
 * @param referenceFile the reference outputs next to the ONNX file, or null when none were written
 */
public record OnnxSidecar(
    Path file,
    String variant,
    Double width,
    Integer clusters,
    Integer traceHeight,
    Integer traceWidth,
    Integer deattentionVersion,
    Padding deattentionPadding,
    List<String> ignoredKeys,
    JsonNode sourceCheckpoint,
    Path referenceFile) {

  /** What the converter appends to the ONNX file name. */
  public static final String SUFFIX = ".json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The sidecar path of an ONNX file: {@code MODEL.onnx.json}. */
  public static Path pathFor(Path onnx) {
    return onnx.resolveSibling(onnx.getFileName() + SUFFIX);
  }

  /** Reads the sidecar of {@code onnx}; empty when there is none. */
  public static Optional<OnnxSidecar> readFor(Path onnx) {
    Path file = pathFor(onnx);
    return Files.isRegularFile(file) ? Optional.of(read(file, onnx)) : Optional.empty();
  }

  static OnnxSidecar read(Path file, Path onnx) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new VprException("ONNX sidecar " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new VprException("ONNX sidecar " + file + " must hold a JSON object");
    }
    Fields f = new Fields(file, root);
    String variant = f.text("variant", true);
    JsonNode trace = root.path("trace_input_size");
    Integer traceHeight = trace.isObject() ? new Fields(file, trace).positiveInt("height") : null;
    Integer traceWidth = trace.isObject() ? new Fields(file, trace).positiveInt("width") : null;
    List<String> ignored = new ArrayList<>();
    root.path("ignored_keys").forEach(k -> ignored.add(k.asText()));
    JsonNode reference = root.path("reference");
    Path referenceFile = null;
    if (reference.isObject()) {
      String name = new Fields(file, reference).text("file", true);
      referenceFile = onnx.resolveSibling(Path.of(name).getFileName());
    }
    return new OnnxSidecar(file, variant, f.number("width"), f.positiveInt("clusters"), traceHeight, traceWidth,
        f.positiveInt("deattention_version"), f.padding("deattention_padding"), List.copyOf(ignored),
        root.has("source_checkpoint") ? root.get("source_checkpoint") : NullNode.getInstance(), referenceFile);
  }

  /** Typed access to the fields of one JSON object, with errors naming the file and the field. */
  private record Fields(Path file, JsonNode node) {
    String text(String name, boolean required) {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        if (required) {
          throw new VprException("ONNX sidecar " + file + " has no '" + name + "' field");
        }
        return null;
      }
      if (!v.isTextual()) {
        throw new VprException("ONNX sidecar " + file + ": '" + name + "' must be a string, got " + v);
      }
      return v.asText();
    }

    Padding padding(String name) {
      String text = text(name, false);
      try {
        return text == null ? null : Padding.of(text);
      } catch (Choice.Unknown e) {
        throw new VprException("ONNX sidecar " + file + ": '" + name + "' " + e.getMessage(), e);
      }
    }

    Double number(String name) {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isNumber()) {
        throw new VprException("ONNX sidecar " + file + ": '" + name + "' must be a number, got " + v);
      }
      return v.asDouble();
    }

    Integer positiveInt(String name) {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > Integer.MAX_VALUE) {
        throw new VprException("ONNX sidecar " + file + ": '" + name + "' must be a positive whole number, got " + v);
      }
      return v.asInt();
    }
  }
}
