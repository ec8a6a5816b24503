package org.vpr4j.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.vpr4j.VprException;
import org.vpr4j.io.FloatArray;
import org.vpr4j.onnx.proto.OnnxModelProtos.StringStringEntryProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto.DataLocation;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto.DataType;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto;

/** Turns one float32 ONNX {@link TensorProto} into a checked {@link FloatTensorData}. */
final class InitializerDecoder {
  private InitializerDecoder() {}

  static boolean isFloat(TensorProto tensor) {
    return tensor.getDataType() == DataType.FLOAT_VALUE;
  }

  /** The upstream name of an element type number, e.g. 7 gives {@code INT64}. */
  static String typeName(int dataType) {
    DataType type = DataType.forNumber(dataType);
    return type != null ? type.name() : "element type " + dataType;
  }

  /**
   * Decodes a float32 tensor stored inside the file, from {@code raw_data} (little-endian, what
   * torch.onnx writes) or from {@code float_data}, and rejects NaN and infinite elements.
   */
  static FloatTensorData decodeFloat(Path file, TensorProto tensor) {
    String where = "initializer '" + tensor.getName() + "' in " + file;
    rejectExternalData(where, tensor);
    long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
    int count = elementCount(where, dims);
    float[] values = new float[count];
    if (tensor.hasRawData()) {
      ByteString raw = tensor.getRawData();
      if (raw.size() != 4L * count) {
        throw new VprException(where + " has shape " + Arrays.toString(dims) + " (" + count + " floats, "
            + 4L * count + " bytes) but " + raw.size() + " bytes of raw_data");
      }
      raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    } else {
      if (tensor.getFloatDataCount() != count) {
        throw new VprException(where + " has shape " + Arrays.toString(dims) + " (" + count + " floats) but "
            + tensor.getFloatDataCount() + " values in float_data");
      }
      for (int i = 0; i < count; i++) {
        values[i] = tensor.getFloatData(i);
      }
    }
    rejectNonFinite(where, new FloatArray(dims, values));
    return new FloatTensorData(dims, values);
  }

  private static void rejectExternalData(String where, TensorProto tensor) {
    if (tensor.getDataLocation() != DataLocation.EXTERNAL && tensor.getExternalDataCount() == 0) {
      return;
    }
    String location = tensor.getExternalDataList().stream()
        .filter(e -> e.getKey().equals("location"))
        .map(StringStringEntryProto::getValue)
        .findFirst()
        .orElse("an unnamed file");
    throw new VprException(where + " keeps its values in external data (" + location + "), which vpr4j does not read."
        + " Re-export the model as one self-contained file: torch.onnx.export without external data (models under 2 GB),"
        + " or in Python onnx.save_model(onnx.load(path), out_path, save_as_external_data=False)");
  }

  private static int elementCount(String where, long[] dims) {
    long count;
    try {
      count = FloatTensorData.elementCount(dims);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new VprException(where + " has an invalid shape " + Arrays.toString(dims));
    }
    if (count > Integer.MAX_VALUE - 8) {
      throw new VprException(where + " has " + count + " elements, more than a Java array holds");
    }
    return (int) count;
  }

  private static void rejectNonFinite(String where, FloatArray tensor) {
    int i = tensor.firstNonFinite();
    if (i >= 0) {
      throw new VprException(where + " holds " + tensor.data()[i] + " at element " + i + " of " + tensor.data().length
          + ", position " + tensor.position(i) + " (the first bad value); the weights are corrupt (e.g. a diverged"
          + " training run) and cannot be imported");
    }
  }
}
