package org.vpr4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Pooling;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.layers.ConvForm;
import org.vpr4j.model.layers.ConvPlan;
import org.vpr4j.model.layers.Tensors;

class SavedModelExporterTest {
  @TempDir Path dir;

  /** Matrix products where the channels widen (conv4_1 here), Winograd tiles elsewhere. */
  private static final ConvPlan MIXED = (height, width, in, out) -> in == out ? ConvForm.WINOGRAD : ConvForm.MATMUL;
  static final ModelConfig TINY = new ModelConfig(Backbone.VGG16, 0.0625, 64, 48, Pooling.NETVLAD, 8, List.of());

  static byte[] png(byte[] rgb, int w, int h) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        img.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static Map<String, FloatArray> seededWeights(long seed) {
    try (InferenceModel m = new InferenceModel(TINY, seed)) {
      return m.weights();
    }
  }

  private static byte[] twoImages(long seed) {
    byte[] px = new byte[2 * 48 * 64 * 3];
    new Random(seed).nextBytes(px);
    return px;
  }

  /** The reloaded SavedModel's descriptors, through either signature, within 1e-5 of the reference model's. */
  private static void assertReloadReproduces(SavedModelExporter.Report r) {
    assertTrue(r.maxAbsDiffRaw() <= 1e-5, "raw " + r.maxAbsDiffRaw());
    assertTrue(r.maxAbsDiffEncoded() <= 1e-5, "encoded " + r.maxAbsDiffEncoded());
  }

  @Test
  void exportReloadsAndReproducesTheDescriptorsThroughBothSignatures() throws Exception {
    GraphConfig g = new GraphConfig("tiny", "test", TINY, null, null);
    Map<String, FloatArray> weights = seededWeights(77);
    byte[] px = twoImages(3);
    Path out = dir.resolve("export");
    SavedModelExporter.Report r = SavedModelExporter.export(g, weights, out, Map.of("test", "yes"), px, 2,
        png(java.util.Arrays.copyOf(px, 48 * 64 * 3), 64, 48));
    assertReloadReproduces(r);
    assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));
    assertTrue(Files.isRegularFile(out.resolve("vpr4j-export.json")));

    // Images of another size are resized inside the graph and still give unit descriptors.
    try (SavedModelBundle b = SavedModelBundle.load(out.toString(), "serve")) {
      byte[] big = new byte[96 * 128 * 3];
      new Random(4).nextBytes(big);
      try (TUint8 in = Tensors.bytes(new long[] {1, 96, 128, 3}, big);
          Result res = b.function(SavedModelExporter.DEFAULT_SIGNATURE).call(Map.<String, Tensor>of("images", in))) {
        float[] d = Tensors.toArray((TFloat32) res.get("descriptor").orElseThrow());
        assertEquals(TINY.descriptorDim(), d.length);
        double sq = 0;
        for (float v : d) {
          sq += v * v;
        }
        assertEquals(1.0, sq, 1e-5);
      }
    }
  }

  @Test
  void loweredConvolutionsAreExportedVerifiedAndListed() throws Exception {
    GraphConfig g = new GraphConfig("tiny", "test", TINY, null, null);
    Map<String, FloatArray> weights = seededWeights(78);
    byte[] px = twoImages(5);
    Path out = dir.resolve("export-products");
    SavedModelExporter.Report r = SavedModelExporter.export(g, weights, null, out, Map.of("test", "yes"), px, 2,
        png(java.util.Arrays.copyOf(px, 48 * 64 * 3), 64, 48), MIXED);
    // Checked against the Conv2D reference model.
    assertReloadReproduces(r);
    var description = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("vpr4j-export.json").toFile());
    // At 1/16 of VGG16's width, conv3_2 is the first layer with 16 input channels.
    List<String> listed = new java.util.ArrayList<>();
    description.path("convolutions").path("forms").fields().forEachRemaining(e -> listed.add(e.getKey() + "=" + e.getValue().asText()));
    assertEquals(List.of("encoder.12", "encoder.14", "encoder.17", "encoder.19", "encoder.21", "encoder.24", "encoder.26", "encoder.28")
        .stream().map(k -> k + (k.equals("encoder.17") ? "=matmul" : "=winograd")).toList(),
        listed);
  }
}
