package org.vpr4j.model.attention;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vpr4j.io.FloatArray;

/**
 * A reference fixture written by {@code src/test/resources/attention/make_fixtures.py}: input,
 * parameters and expected outputs of one PyTorch module, converted here to the TF layouts the
 * Java model uses (activations NHWC, conv HWIO, linear [in, out]; 1-D conv kernels [1, 1, k] unchanged).
 */
final class TorchFixture {

  /** One forward pass of the reference: its options, mode and results (NHWC). */
  record Case(String name, Map<String, Object> options, boolean training, FloatArray output, FloatArray mask,
      Map<String, FloatArray> running) {}

  private final JsonNode root;

  private TorchFixture(JsonNode root) {
    this.root = root;
  }

  static TorchFixture load(String file) {
    try (InputStream in = TorchFixture.class.getResourceAsStream("/attention/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource attention/" + file);
      }
      return new TorchFixture(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The input features, NHWC. */
  FloatArray input() {
    return nchwToNhwc(array(root.get("input")));
  }

  /** Every parameter and BN statistic under {@code prefix + "." + key}, in TF layout. */
  Map<String, FloatArray> params(String prefix) {
    Map<String, FloatArray> out = new LinkedHashMap<>();
    root.get("params").fields().forEachRemaining(e -> out.put(prefix + "." + e.getKey(), toTfLayout(array(e.getValue()))));
    return out;
  }

  List<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      Map<String, Object> options = new ObjectMapper().convertValue(c.get("options"), new TypeReference<>() {});
      Map<String, FloatArray> running = new LinkedHashMap<>();
      if (c.has("running")) {
        c.get("running").fields().forEachRemaining(e -> running.put(e.getKey(), array(e.getValue())));
      }
      FloatArray mask = c.has("mask") ? nchwToNhwc(array(c.get("mask"))) : null;
      out.add(new Case(c.get("name").asText(), options, c.get("mode").asText().equals("train"),
          nchwToNhwc(array(c.get("output"))), mask, running));
    }
    return out;
  }

  Case only(String name) {
    return cases().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no case " + name));
  }

  private static FloatArray array(JsonNode node) {
    JsonNode shape = node.get("shape");
    long[] s = new long[shape.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = shape.get(i).asLong();
    }
    JsonNode data = node.get("data");
    float[] d = new float[data.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) data.get(i).asDouble();
    }
    return new FloatArray(s, d);
  }

  /** PyTorch weight layouts to TF: OIHW to HWIO, [out, in] to [in, out]. */
  static FloatArray toTfLayout(FloatArray a) {
    return switch (a.shape().length) {
      case 4 -> permute(a, 2, 3, 1, 0);
      case 2 -> permute(a, 1, 0);
      default -> a;
    };
  }

  static FloatArray nchwToNhwc(FloatArray a) {
    return permute(a, 0, 2, 3, 1);
  }

  /** out[i_perm[0], i_perm[1], ...] = in[i_0, i_1, ...], as numpy's transpose(perm). */
  static FloatArray permute(FloatArray a, int... perm) {
    long[] in = a.shape();
    int rank = in.length;
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      out[i] = in[perm[i]];
    }
    long[] inStrides = strides(in);
    float[] result = new float[a.data().length];
    int[] idx = new int[rank];
    for (int flat = 0; flat < result.length; flat++) {
      // idx is the output multi-index of position flat (row-major).
      long src = 0;
      for (int i = 0; i < rank; i++) {
        src += idx[i] * inStrides[perm[i]];
      }
      result[flat] = a.data()[(int) src];
      for (int i = rank - 1; i >= 0; i--) {
        if (++idx[i] < out[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    return new FloatArray(out, result);
  }

  private static long[] strides(long[] shape) {
    long[] s = new long[shape.length];
    long acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }
}
