package org.vpr4j.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.onnx.proto.OnnxModelProtos.GraphProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.StringStringEntryProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto.DataLocation;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto.DataType;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto;

class OnnxWeightsErrorsTest {
  @TempDir Path dir;

  @Test
  void rejectsEveryTruncationOfARealModel() throws IOException {
    byte[] whole = Files.readAllBytes(Fixtures.onnx(Fixtures.CONV));
    Path cut = dir.resolve("cut.onnx");
    // Every strict prefix, from the empty file up to one byte short, must be refused.
    for (int length = 0; length < whole.length; length++) {
      Files.write(cut, Arrays.copyOf(whole, length));
      VprException e = assertThrows(VprException.class, () -> OnnxWeights.read(cut), "prefix of " + length + " bytes");
      assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    }
  }

  @Test
  void rejectsRandomBytesAndText() throws IOException {
    byte[] noise = new byte[4096];
    new Random(42).nextBytes(noise);
    Path random = Files.write(dir.resolve("noise.onnx"), noise);
    Path text = Files.writeString(dir.resolve("notes.onnx"), "these are my notes, not a model\n");

    for (Path file : new Path[] {random, text}) {
      VprException e = assertThrows(VprException.class, () -> OnnxWeights.read(file));
      assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("ONNX"), e.getMessage());
    }
  }

  @Test
  void namesAMissingFile() {
    Path missing = dir.resolve("absent.onnx");
    VprException e = assertThrows(VprException.class, () -> OnnxWeights.read(missing));
    assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void refusesExternalDataAndSaysHowToReexport() throws IOException {
    GraphProto.Builder graph = HandMadeModels.graph().addInitializer(TensorProto.newBuilder()
        .setName("encoder.28.weight")
        .setDataType(DataType.FLOAT_VALUE)
        .addDims(2)
        .setDataLocation(DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin")));
    Path file = HandMadeModels.write(dir, "external.onnx", graph);

    String message = assertThrows(VprException.class, () -> OnnxWeights.read(file)).getMessage();
    assertTrue(message.contains("encoder.28.weight") && message.contains("weights.bin")
        && message.contains("save_as_external_data=False") && message.contains(file.toString()), message);
  }

  @Test
  void namesTheTensorThatHoldsNanOrInfinity() throws IOException {
    float[][] bad = {{0.5f, Float.NaN}, {Float.NEGATIVE_INFINITY, 1f}};
    for (float[] values : bad) {
      GraphProto.Builder graph = HandMadeModels.graph()
          .addInitializer(HandMadeModels.rawFloat("encoder.0.bias", new long[] {2}, 1f, 2f))
          .addInitializer(HandMadeModels.rawFloat("pool.centroids", new long[] {2}, values));
      Path file = HandMadeModels.write(dir, "diverged.onnx", graph);

      String message = assertThrows(VprException.class, () -> OnnxWeights.read(file)).getMessage();
      assertTrue(message.contains("'pool.centroids'") && !message.contains("encoder.0.bias"), message);
    }
  }

  @Test
  void refusesANonFloatInitializerWhereAFloatIsExpected() throws IOException {
    GraphProto.Builder graph = HandMadeModels.graph()
        .addInitializer(TensorProto.newBuilder()
            .setName("encoder.2.num_batches_tracked").setDataType(DataType.INT64_VALUE).addInt64Data(3))
        .addNode(HandMadeModels.identity("encoder.2.num_batches_tracked", "copy"));
    Path file = HandMadeModels.write(dir, "int64.onnx", graph);
    OnnxWeights weights = OnnxWeights.read(file);

    assertFalse(weights.contains("encoder.2.num_batches_tracked"));
    assertTrue(weights.names().isEmpty());
    for (String name : new String[] {"encoder.2.num_batches_tracked", "copy"}) {
      String message = assertThrows(VprException.class, () -> weights.get(name)).getMessage();
      assertTrue(message.contains("INT64") && message.contains(name) && message.contains(file.toString()), message);
    }
  }

  @Test
  void namesTheFileAndItsContentsWhenANameIsMissingOrMisshaped() {
    OnnxWeights weights = OnnxWeights.read(Fixtures.onnx(Fixtures.CONV));

    String missing = assertThrows(VprException.class, () -> weights.get("encoder.5.weight")).getMessage();
    assertTrue(missing.contains("encoder.5.weight") && missing.contains("encoder.0.weight")
        && missing.contains(Fixtures.CONV + ".onnx"), missing);
    String shape = assertThrows(VprException.class, () -> weights.require("encoder.0.weight", 4, 3, 3, 4)).getMessage();
    assertTrue(shape.contains("[4, 3, 3, 3]") && shape.contains("[4, 3, 3, 4]"), shape);
  }

  @Test
  void rejectsRawDataThatDoesNotMatchTheShape() throws IOException {
    GraphProto.Builder graph = HandMadeModels.graph().addInitializer(
        HandMadeModels.rawFloat("pool.conv.weight", new long[] {2, 2}, 1f, 2f, 3f, 4f)
            .setRawData(ByteString.copyFrom(new byte[15])));
    Path file = HandMadeModels.write(dir, "short.onnx", graph);

    String message = assertThrows(VprException.class, () -> OnnxWeights.read(file)).getMessage();
    assertTrue(message.contains("pool.conv.weight") && message.contains("15 bytes"), message);
  }

  @Test
  void acceptsTheUntruncatedModel() throws IOException {
    // Guards the truncation test: the same bytes, complete, must read.
    Path copy = Files.write(dir.resolve("whole.onnx"), Files.readAllBytes(Fixtures.onnx(Fixtures.CONV)));
    assertTrue(OnnxWeights.read(copy).contains("encoder.2.running_var"));
  }

  @Test
  void anEmptyFileParsesAsProtobufButIsNotAModel() throws IOException {
    Path file = Files.write(dir.resolve("empty.onnx"), "".getBytes(StandardCharsets.UTF_8));
    String message = assertThrows(VprException.class, () -> OnnxWeights.read(file)).getMessage();
    assertTrue(message.contains("not a complete ONNX model"), message);
  }
}
