package org.vpr4j.model.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.vpr4j.VprException;
import org.vpr4j.config.Attention;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.BamPooling;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Padding;
import org.vpr4j.config.Pooling;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;
import org.vpr4j.model.layers.ParamInit;
import org.vpr4j.model.layers.Params;

/** Building the configured modules: order, sizes, parameter names and counts, refused maps. */
class AttentionStackTest {
  /** VGG16 at 1/16 width (32 channels) on 80x64 images: a 4x5 feature map. */
  private static final ModelConfig SMALL = new ModelConfig(Backbone.VGG16, 0.0625, 80, 64, Pooling.NETVLAD, 8,
      List.of());

  @Test
  void modulesRunInTheReferenceOrderWhateverTheConfigOrder() {
    ModelConfig c = SMALL.withAttentions(List.of(Attention.CRN, Attention.BAM, Attention.SENET, Attention.ECA,
        Attention.CH, Attention.DEATTENTION, Attention.CBAM),
        1, Padding.REFLECT, BamPooling.SQUARE, false);
    List<Attention> names = AttentionStack.of(c).modules().stream().map(AttentionModule::kind).toList();
    assertEquals(ModelConfig.ATTENTION_ORDER, names);
    List<String> two = AttentionStack.of(SMALL.withAttentions(List.of(Attention.SENET, Attention.DEATTENTION), 1,
        Padding.REFLECT,
        BamPooling.SQUARE, false)).modules().stream().map(AttentionModule::name).toList();
    assertEquals(List.of("deattention", "senet"), two);
  }

  @Test
  void onlyTheDeAttentionMaskLeavesTheStack() {
    Built crn = build(SMALL.withAttentions(List.of(Attention.CRN), 1, Padding.REFLECT, BamPooling.SQUARE, false));
    assertNull(crn.mask());
    Built deatt = build(SMALL.withAttentions(List.of(Attention.CRN, Attention.DEATTENTION), 1, Padding.REFLECT,
        BamPooling.SQUARE, false));
    assertNotNull(deatt.mask());
    // Shape.equals treats two unknown batch sizes as different, so compare the dimensions.
    assertArrayEquals(new long[] {-1, 4, 5, 1}, deatt.mask().asArray());
    assertArrayEquals(new long[] {-1, 4, 5, 32}, deatt.features().asArray());
  }

  @Test
  void parameterCountsAndShapesMatchThePapersCheckpoints() {
    // docs/checkpoints.md: trainable parameters (BN running statistics excluded) per module at 512
    // channels; the mask heads without their unused downsample/upsample blocks.
    Map<Attention, Long> expected = new LinkedHashMap<>();
    expected.put(Attention.DEATTENTION, 1_059_155L);
    expected.put(Attention.SENET, 32_768L);
    expected.put(Attention.BAM, 68_513L);
    expected.put(Attention.CBAM, 33_412L);
    expected.put(Attention.CRN, 1_059_155L);
    expected.put(Attention.ECA, 3L);
    expected.put(Attention.CH, 0L);
    ModelConfig paper = ModelConfig.paper();
    for (Map.Entry<Attention, Long> e : expected.entrySet()) {
      Params params = build(paper.withAttentions(List.of(e.getKey()), 1, Padding.REFLECT, BamPooling.SQUARE,
          false)).params();
      long trainable = params.all().stream().filter(p -> p.role() == Params.Role.WEIGHT)
          .mapToLong(p -> ParamInit.size(p.shape())).sum();
      assertEquals(e.getValue(), trainable, e.getKey().spelling());
    }
    Params params = build(paper.withAttentions(List.of(Attention.DEATTENTION, Attention.BAM, Attention.CBAM,
        Attention.ECA), 1, Padding.REFLECT, BamPooling.SQUARE,
        false)).params();
    // PyTorch shapes become TF layouts: conv HWIO, linear [in, out]; the 1-D ECA kernel stays [1, 1, k].
    assertArrayEquals(new long[] {7, 7, 512, 20}, params.param("deattention.crn_conv3.0.weight").shape());
    assertArrayEquals(new long[] {1, 1, 84, 1}, params.param("deattention.crn_conv4.0.weight").shape());
    assertArrayEquals(new long[] {512, 32}, params.param("bam_attention.channel_att.gate_c.gate_c_fc_0.weight").shape());
    assertArrayEquals(new long[] {3, 3, 32, 32},
        params.param("bam_attention.spatial_att.gate_s.gate_s_conv_di_1.weight").shape());
    assertArrayEquals(new long[] {7, 7, 2, 1}, params.param("cbam_attention.SpatialGate.spatial.conv.weight").shape());
    assertEquals(Params.Role.STATE, params.param("cbam_attention.SpatialGate.spatial.bn.running_var").role());
    assertArrayEquals(new long[] {1, 1, 3}, params.param(EcaAttention.WEIGHT).shape());
    for (String unused : UnusedBlocks.KEYS) {
      assertTrue(!params.contains(unused), unused);
    }
  }

  @Test
  void versionThreeWidensTheSevenBySevenBranch() {
    Params params = build(ModelConfig.paper().withAttentions(List.of(Attention.DEATTENTION), 3, Padding.ZEROS,
        BamPooling.SQUARE, false))
        .params();
    assertArrayEquals(new long[] {7, 7, 512, 32}, params.param("deattention.crn_conv3.0.weight").shape());
    assertArrayEquals(new long[] {1, 1, 96, 1}, params.param("deattention.crn_conv4.0.weight").shape());
  }

  @Test
  void hiddenUnitsAndMaskBranchesScaleWithTheWidthAsInThePythonTwin() {
    // SMALL is 1/16 of VGG16: 32 channels, 32/16 = 2 hidden units, branches 2, 2 and round(1.25) = 1.
    Params params = build(SMALL.withAttentions(List.of(Attention.DEATTENTION, Attention.SENET), 1, Padding.REFLECT,
        BamPooling.SQUARE, false)).params();
    assertArrayEquals(new long[] {32, 2}, params.param("senet_attention.fc.0.weight").shape());
    assertArrayEquals(new long[] {3, 3, 32, 2}, params.param("deattention.crn_conv1.0.weight").shape());
    assertArrayEquals(new long[] {7, 7, 32, 1}, params.param("deattention.crn_conv3.0.weight").shape());
    assertArrayEquals(new long[] {1, 1, 5, 1}, params.param("deattention.crn_conv4.0.weight").shape());
    // 1/64 leaves 8 channels; the squeeze keeps one hidden unit (8 // 16 would be none).
    Params narrow = build(SMALL.withWidth(1.0 / 64).withAttentions(List.of(Attention.BAM), 1, Padding.REFLECT,
        BamPooling.SQUARE, false))
        .params();
    assertArrayEquals(new long[] {8, 1}, narrow.param("bam_attention.channel_att.gate_c.gate_c_fc_0.weight").shape());
  }

  @Test
  void unusedBlocksCoverBothMaskHeadModules() {
    assertEquals(28, UnusedBlocks.KEYS.size());
    assertTrue(UnusedBlocks.isUnused("deattention.crn_downsample.0.weight"));
    assertTrue(UnusedBlocks.isUnused("crn_attention.crn_upsample.2.running_var"));
    assertTrue(!UnusedBlocks.isUnused("deattention.crn_conv1.0.weight"));
  }

  @Test
  void featureMapsTheReferenceCannotProcessAreRefused() {
    ModelConfig bam = SMALL.withAttentions(List.of(Attention.BAM), 1, Padding.REFLECT, BamPooling.SQUARE, false);
    // 640x240 gives 15x40: two 15x15 windows, which the reference's Linear cannot take.
    VprException wide = assertThrows(VprException.class, () -> AttentionStack.of(bam.withInputSize(640, 240)));
    assertTrue(wide.getMessage().contains("15x40") && wide.getMessage().contains("bamPooling"), wide.getMessage());
    // Portrait 480x640 gives 40x30: the 40x40 window does not fit.
    assertThrows(VprException.class, () -> AttentionStack.of(bam.withInputSize(480, 640)));
    AttentionStack.of(bam.withInputSize(640, 240).withAttentions(List.of(Attention.BAM), 1, Padding.REFLECT,
        BamPooling.GLOBAL, false));
    AttentionStack.of(bam.withInputSize(640, 480));

    // Reflection padding of 3 needs at least 4x4; 48x48 images give 3x3.
    ModelConfig tiny = SMALL.withInputSize(48, 48);
    VprException reflect = assertThrows(VprException.class,
        () -> AttentionStack.of(tiny.withAttentions(List.of(Attention.DEATTENTION), 1, Padding.REFLECT,
            BamPooling.SQUARE, false)));
    assertTrue(reflect.getMessage().contains("3x3"), reflect.getMessage());
    assertThrows(VprException.class, () -> AttentionStack.of(tiny.withAttentions(List.of(Attention.CRN), 1,
        Padding.REFLECT,
        BamPooling.SQUARE, false)));
    AttentionStack.of(tiny.withAttentions(List.of(Attention.DEATTENTION), 1, Padding.ZEROS, BamPooling.SQUARE, false));

  }

  /** What building a stack produced: output shapes (mask null if none) and the variables. */
  private record Built(Shape features, Shape mask, Params params) {}

  /** Applies the config's stack to a feature placeholder of the config's size. */
  private static Built build(ModelConfig c) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params params = new Params(tf);
      Layers layers = new Layers(tf, params);
      var x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, c.featureHeight(), c.featureWidth(), c.encoderDim())));
      AttentionStack.Output out = AttentionStack.of(c).apply(layers, x, Mode.training());
      Shape mask = out.deattentionMask() == null ? null : out.deattentionMask().shape();
      return new Built(out.features().shape(), mask, params);
    }
  }
}
