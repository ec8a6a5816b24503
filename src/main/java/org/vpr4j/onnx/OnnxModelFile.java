package org.vpr4j.onnx;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.vpr4j.VprException;
import org.vpr4j.onnx.proto.OnnxModelProtos.ModelProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.OperatorSetIdProto;

/**
 * Loads an {@code .onnx} file into the generated {@link ModelProto} and checks that it is a
 * complete model. Protobuf accepts many byte sequences (an empty file, a prefix cut at a field
 * boundary, even some random bytes) as a valid message, so a successful parse alone proves
 * little: a model must also carry an IR version, a graph and an ONNX operator set.
 */
public final class OnnxModelFile {
  private OnnxModelFile() {}

  /** Reads and parses {@code file}; every problem becomes a {@link VprException} naming it. */
  public static ModelProto parse(Path file) {
    byte[] bytes = readBytes(file);
    ModelProto model;
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      // Let raw_data views point into the file bytes instead of copying every weight tensor.
      in.enableAliasing(true);
      model = ModelProto.parseFrom(in);
    } catch (IOException e) {
      // From a byte array this can only be InvalidProtocolBufferException: the bytes are not a ModelProto.
      throw new VprException(file + " is not a readable ONNX model (protobuf parsing failed: " + e.getMessage()
          + "); the file may be truncated, or not an .onnx file at all", e);
    }
    requireComplete(file, model);
    return model;
  }

  /**
   * The version of the default ONNX operator set the model imports (domain "" or "ai.onnx"),
   * or -1 when it imports none.
   */
  public static long defaultOpsetVersion(ModelProto model) {
    for (OperatorSetIdProto opset : model.getOpsetImportList()) {
      if (opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx")) {
        return opset.getVersion();
      }
    }
    return -1;
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new VprException("ONNX model " + file + " does not exist", e);
    } catch (IOException e) {
      throw new VprException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
    }
  }

  private static void requireComplete(Path file, ModelProto model) {
    String missing = null;
    if (model.getIrVersion() < 1) {
      missing = "an IR version";
    } else if (!model.hasGraph()) {
      missing = "a graph";
    } else if (defaultOpsetVersion(model) < 1) {
      missing = "an ONNX operator set (opset_import)";
    }
    if (missing != null) {
      throw new VprException(file + " is not a complete ONNX model: it has no " + missing
          + "; the file may be truncated, or not an .onnx file at all");
    }
  }
}
