package org.vpr4j.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The ONNX fixtures written by {@code src/test/resources/onnx/make_fixtures.py}: each
 * {@code <stem>.onnx} comes with {@code <stem>.json} holding the parameters, an input and the
 * output PyTorch computed for it.
 */
final class Fixtures {
  static final String CONV = "conv_relu_bn_sigmoid";
  static final String TWIN_LINEAR = "twin_linear";

  private Fixtures() {}

  static Path onnx(String stem) {
    return resource(stem + ".onnx");
  }

  static JsonNode json(String stem) {
    try {
      return new ObjectMapper().readTree(resource(stem + ".json").toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read fixture " + stem + ".json", e);
    }
  }

  /** A tensor stored in the JSON as {"dims": [...], "values": [...]}. */
  static FloatTensorData tensor(JsonNode node) {
    long[] dims = new long[node.get("dims").size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = node.get("dims").get(i).asLong();
    }
    float[] values = new float[node.get("values").size()];
    for (int i = 0; i < values.length; i++) {
      // Python wrote float32 values as the shortest double that round-trips, so this is exact.
      values[i] = (float) node.get("values").get(i).asDouble();
    }
    return new FloatTensorData(dims, values);
  }

  /** The uint8 NHWC RGB pixels stored as "pixels_nhwc" (0..255) as Java's signed bytes. */
  static byte[] pixels(JsonNode fixture) {
    JsonNode stored = fixture.get("pixels_nhwc");
    byte[] pixels = new byte[stored.size()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) stored.get(i).asInt();
    }
    return pixels;
  }

  private static Path resource(String name) {
    URL url = Fixtures.class.getResource("/onnx/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test resource onnx/" + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
