package org.vpr4j.model.ort;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.vpr4j.onnx.proto.OnnxModelProtos.AttributeProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.GraphProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.ModelProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.NodeProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.OperatorSetIdProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorShapeProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.TypeProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.ValueInfoProto;

/**
 * Writes an ONNX graph node by node with the project's ONNX protobuf classes: each call adds one
 * node (or initializer) and returns the name of its output, so a network reads like its
 * TensorFlow twin. Operator semantics are those of ONNX opset {@value #OPSET}.
 */
final class OnnxGraph {
  /** Opset 17: Reduce* take {@code axes} as an attribute (ReduceSum as an input), Pad takes {@code pads} as an input. */
  static final int OPSET = 17;
  /** ONNX IR version 8 goes with opset 17. */
  private static final int IR_VERSION = 8;
  /** The symbolic batch dimension of inputs and outputs. */
  private static final String BATCH = "batch";

  private final GraphProto.Builder graph = GraphProto.newBuilder().setName("vpr4j");
  private int counter;

  /** Declares a graph input {@code [batch, dims...]} of element type {@code elemType}. */
  String input(String name, TensorProto.DataType elemType, long... dims) {
    graph.addInput(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declares {@code value} as a graph output {@code [batch, dims...]} of float32. */
  void output(String value, long... dims) {
    graph.addOutput(valueInfo(value, TensorProto.DataType.FLOAT, dims));
  }

  /** A float32 constant of {@code shape} (row-major {@code values}). */
  String floats(String name, long[] shape, float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    String unique = unique(name);
    graph.addInitializer(TensorProto.newBuilder().setName(unique).setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addAllDims(boxed(shape)).setRawData(ByteString.copyFrom(bytes.array())));
    return unique;
  }

  /** A float32 scalar-like constant of shape [1] (broadcasts against anything). */
  String scalar(String name, float value) {
    return floats(name, new long[] {1}, new float[] {value});
  }

  /** A 1-D int64 constant, e.g. a shape for Reshape or the pads of Pad. */
  String longs(String name, long... values) {
    String unique = unique(name);
    graph.addInitializer(TensorProto.newBuilder().setName(unique).setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(values.length).addAllInt64Data(boxed(values)));
    return unique;
  }

  /** Adds node {@code op} on {@code inputs} with {@code attributes}; returns its (single) output. */
  String node(String op, List<String> inputs, AttributeProto... attributes) {
    String output = unique(op.toLowerCase(java.util.Locale.ROOT));
    graph.addNode(NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output)
        .addAllAttribute(List.of(attributes)));
    return output;
  }

  String node(String op, String input, AttributeProto... attributes) {
    return node(op, List.of(input), attributes);
  }

  static AttributeProto ints(String name, long... values) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
        .addAllInts(boxed(values)).build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto real(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  static AttributeProto string(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value)).build();
  }

  /** The finished model. */
  ModelProto model() {
    return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("vpr4j")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph).build();
  }

  private String unique(String name) {
    return name + "_" + counter++;
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType elemType, long[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(elemType.getNumber()).setShape(shape))).build();
  }

  private static List<Long> boxed(long[] values) {
    List<Long> out = new ArrayList<>(values.length);
    for (long v : values) {
      out.add(v);
    }
    return out;
  }
}
