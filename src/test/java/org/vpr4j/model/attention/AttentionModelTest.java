package org.vpr4j.model.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;
import org.vpr4j.VprException;
import org.vpr4j.config.Attention;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.BamPooling;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Padding;
import org.vpr4j.config.Pooling;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.VprModel;
import org.vpr4j.model.layers.Mode;
import org.vpr4j.model.layers.ParamInit;
import org.vpr4j.model.layers.Params;
import org.vpr4j.model.layers.Tensors;

/** The attention options of {@link ModelConfig} and the modules inside {@link VprModel}. */
class AttentionModelTest {
  /** 1/16 of VGG16 (32 channels) on 64x64 images: a 4x4 feature map. */
  private static final ModelConfig TINY = new ModelConfig(Backbone.VGG16, 0.0625, 64, 64, Pooling.NETVLAD, 8,
      List.of());

  @Test
  void theShortConstructorGivesTheReferenceOptions() {
    assertEquals(1, TINY.deattentionVersion());
    assertEquals(Padding.REFLECT, TINY.deattentionPadding());
    assertEquals(BamPooling.SQUARE, TINY.bamPooling());
    assertFalse(TINY.maskWeightedNetVlad());
    // spellings in a configuration ignore case
    ModelConfig c = TINY.with(Map.of("attentions", List.of("deattention"), "deattentionVersion", 2,
        "deattentionPadding", "ZEROS", "bamPooling", "Global", "maskWeightedNetVlad", true)).withWidth(0.125);
    assertEquals(List.of(2, Padding.ZEROS, BamPooling.GLOBAL, true),
        List.of(c.deattentionVersion(), c.deattentionPadding(), c.bamPooling(), c.maskWeightedNetVlad()));
  }

  @Test
  void optionsRoundTripThroughJson() throws Exception {
    ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    ModelConfig c = TINY.withAttentions(List.of(Attention.SENET, Attention.DEATTENTION), 2, Padding.ZEROS,
        BamPooling.GLOBAL, true);
    assertEquals(c, json.readValue(json.writeValueAsString(c), ModelConfig.class));
  }

  @Test
  void badOptionsNameTheSetting() {
    assertMessage("deattentionVersion", () -> TINY.withAttentions(List.of(), 4, Padding.REFLECT, BamPooling.SQUARE,
        false));
    assertMessage("model.deattentionPadding 'replicate' is not one of [reflect, zeros]",
        () -> TINY.with(Map.of("deattentionPadding", "replicate")));
    assertMessage("model.bamPooling 'max' is not one of [square, global]", () -> TINY.with(Map.of("bamPooling",
        "max")));
    assertMessage("model.attentions[1] 'sennet' is not one of [deattention, ch, eca, senet, bam, cbam, crn]",
        () -> TINY.with(Map.of("attentions", List.of("crn", "sennet"))));
    assertMessage("maskWeightedNetVlad", () -> TINY.withAttentions(List.of(Attention.CRN), 1, Padding.REFLECT,
        BamPooling.SQUARE, true));
  }

  @Test
  void deAttentionAloneLeavesTheDescriptorAsWithoutIt() {
    byte[] images = randomImages(2, 7);
    Forward plain = forward(TINY, images);
    Forward deatt = forward(TINY.withAttentions(List.of(Attention.DEATTENTION), 1, Padding.REFLECT,
        BamPooling.SQUARE, false), images);
    // docs/model.md: NetVLAD's per-location normalisation cancels the mask.
    assertArrayEquals(plain.descriptor().data(), deatt.descriptor().data(), 1e-5f);
    assertNull(plain.mask());
    assertArrayEquals(new long[] {2, 4, 4, 1}, deatt.mask().shape());
    float[] mask = deatt.mask().data();
    double spread = 0;
    for (float v : mask) {
      assertTrue(v > 0 && v < 1, "mask value " + v);
      spread = Math.max(spread, Math.abs(v - mask[0]));
    }
    assertTrue(spread > 0.005, "the mask varies over the map, spread " + spread);
    // Weighting NetVLAD's assignment by the mask makes the mask count.
    Forward weighted = forward(TINY.withAttentions(List.of(Attention.DEATTENTION), 1, Padding.REFLECT,
        BamPooling.SQUARE, true), images);
    assertArrayEquals(deatt.mask().data(), weighted.mask().data(), 1e-6f);
    // Float noise between equal descriptors is about 1e-8; the weighting moves them by about 2e-4.
    assertTrue(maxDifference(plain.descriptor().data(), weighted.descriptor().data()) > 2e-5);
  }

  @Test
  void deAttentionWithSeChangesTheDescriptorAndTrainingRegistersItsStatistics() {
    byte[] images = randomImages(2, 8);
    Forward plain = forward(TINY, images);
    ModelConfig best = TINY.withAttentions(List.of(Attention.SENET, Attention.DEATTENTION), 1, Padding.REFLECT,
        BamPooling.SQUARE, false);
    assertTrue(maxDifference(plain.descriptor().data(), forward(best, images).descriptor().data()) > 1e-4);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Mode training = Mode.training();
      new VprModel(best, tf).forward(imagesInput(tf, best), training);
      // Running mean and variance of the four BatchNorms of the mask head.
      assertEquals(8, training.updates().size());
    }
  }

  private record Forward(FloatArray descriptor, FloatArray mask) {}

  /**
   * Inference with weights from seed 1 (encoder and NetVLAD weights depend only on their names),
   * attention weights replaced by {@link #strongAttentionWeights}: with PyTorch's default init on
   * this tiny network a ReLU can zero a whole layer (a constant 0.5 mask, SE weights all 0.5), and
   * the effects under test would vanish.
   */
  private static Forward forward(ModelConfig c, byte[] images) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VprModel model = new VprModel(c, tf);
      var input = imagesInput(tf, c);
      VprModel.Outputs out = model.forward(input, Mode.inference());
      model.params().initialize(s, 1);
      Map<String, FloatArray> strong = strongAttentionWeights(model.params());
      if (!strong.isEmpty()) {
        model.params().assign(s, strong);
      }
      int n = images.length / (c.inputHeight() * c.inputWidth() * 3);
      try (TUint8 px = Tensors.bytes(new long[] {n, c.inputHeight(), c.inputWidth(), 3}, images)) {
        Session.Runner runner = s.runner().feed(input, px).fetch(out.descriptor());
        if (out.mask() != null) {
          runner.fetch(out.mask());
        }
        try (Result r = runner.run()) {
          FloatArray mask = out.mask() == null ? null : Tensors.toFloatArray((TFloat32) r.get(1));
          return new Forward(Tensors.toFloatArray((TFloat32) r.get(0)), mask);
        }
      }
    }
  }

  /**
   * N(0, 1 / fan-in) values for every attention weight with two or more dimensions (about twice
   * PyTorch's default spread), and a positive bias before the mask head's last ReLU so that it
   * passes most locations.
   */
  private static Map<String, FloatArray> strongAttentionWeights(Params params) {
    Map<String, FloatArray> out = new LinkedHashMap<>();
    Random r = new Random(2);
    for (Params.Param p : params.all()) {
      if (p.shape().length >= 2 && !p.name().startsWith("encoder.") && !p.name().startsWith("pool.")) {
        float[] w = new float[ParamInit.size(p.shape())];
        double std = 1 / Math.sqrt(w.length / (double) p.shape()[p.shape().length - 1]);
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) (r.nextGaussian() * std);
        }
        out.put(p.name(), new FloatArray(p.shape(), w));
      }
    }
    if (params.contains("deattention.crn_conv4.0.bias")) {
      out.put("deattention.crn_conv4.0.bias", new FloatArray(new long[] {1}, new float[] {1f}));
    }
    return out;
  }

  private static Placeholder<TUint8> imagesInput(Ops tf, ModelConfig c) {
    return tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, c.inputHeight(), c.inputWidth(), 3)));
  }

  private static byte[] randomImages(int n, long seed) {
    byte[] px = new byte[n * TINY.inputHeight() * TINY.inputWidth() * 3];
    new Random(seed).nextBytes(px);
    return px;
  }

  private static double maxDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable build) {
    VprException e = assertThrows(VprException.class, build);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
