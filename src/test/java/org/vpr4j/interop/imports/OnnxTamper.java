package org.vpr4j.interop.imports;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.vpr4j.onnx.proto.OnnxModelProtos.GraphProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.ModelProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto;

/** Makes broken copies of converted models for the import's error tests. */
public final class OnnxTamper {
  private OnnxTamper() {}

  /**
   * Copies {@code onnx} with its sidecar and reference file to {@code folder}, then adds
   * {@code delta} to element {@code index} of initializer {@code name} in the copy. Fields the
   * project's ONNX schema subset leaves out survive as unknown fields.
   */
  public static Path withChangedInitializer(Path onnx, Path folder, String name, int index, float delta)
      throws IOException {
    Path copy = copyWithCompanions(onnx, folder);
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(copy));
    GraphProto.Builder graph = model.getGraph().toBuilder();
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      TensorProto t = graph.getInitializer(i);
      if (t.getName().equals(name)) {
        ByteBuffer raw = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        raw.putFloat(4 * index, raw.getFloat(4 * index) + delta);
        graph.setInitializer(i, t.toBuilder().setRawData(ByteString.copyFrom(raw.array())));
        Files.write(copy, model.toBuilder().setGraph(graph).build().toByteArray());
        return copy;
      }
    }
    throw new IllegalArgumentException(onnx + " has no initializer " + name);
  }

  /** Copies {@code onnx} and, when present, {@code .json} and {@code .reference.h5} next to it into {@code folder}. */
  public static Path copyWithCompanions(Path onnx, Path folder) throws IOException {
    Files.createDirectories(folder);
    Path copy = folder.resolve(onnx.getFileName());
    Files.copy(onnx, copy, StandardCopyOption.REPLACE_EXISTING);
    for (String suffix : new String[] {OnnxSidecar.SUFFIX, ReferenceOutputs.SUFFIX}) {
      Path companion = onnx.resolveSibling(onnx.getFileName() + suffix);
      if (Files.exists(companion)) {
        Files.copy(companion, folder.resolve(companion.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return copy;
  }
}
