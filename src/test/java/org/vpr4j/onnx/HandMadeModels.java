package org.vpr4j.onnx;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.vpr4j.onnx.proto.OnnxModelProtos.GraphProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.ModelProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.NodeProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.OperatorSetIdProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto.DataType;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.ValueInfoProto;

/** Builds ONNX models for the corner cases torch.onnx does not produce on request. */
final class HandMadeModels {
  private HandMadeModels() {}

  /** A float32 initializer with its values in little-endian raw_data, as torch.onnx writes it. */
  static TensorProto.Builder rawFloat(String name, long[] dims, float... values) {
    ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(DataType.FLOAT_VALUE)
        .addAllDims(boxed(dims))
        .setRawData(ByteString.copyFrom(raw.array()));
  }

  static NodeProto identity(String input, String output) {
    return NodeProto.newBuilder().setOpType("Identity").addInput(input).addOutput(output).build();
  }

  /** A graph with input "x" and output "y"; the caller adds initializers and nodes. */
  static GraphProto.Builder graph() {
    return GraphProto.newBuilder()
        .setName("hand_made")
        .addInput(ValueInfoProto.newBuilder().setName("x"))
        .addOutput(ValueInfoProto.newBuilder().setName("y"));
  }

  static Path write(Path dir, String fileName, GraphProto.Builder graph) throws IOException {
    ModelProto model = ModelProto.newBuilder()
        .setIrVersion(7)
        .setProducerName("vpr4j-test")
        .setGraph(graph)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .build();
    Path file = dir.resolve(fileName);
    Files.write(file, model.toByteArray());
    return file;
  }

  private static Iterable<Long> boxed(long[] dims) {
    return Arrays.stream(dims).boxed().toList();
  }
}
