package org.vpr4j.model.attention;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.BamPooling;
import org.vpr4j.config.Padding;
import org.vpr4j.fixtures.RandomArrays;
import org.vpr4j.model.NetVlad;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;
import org.vpr4j.model.layers.Params;
import org.vpr4j.model.layers.Tensors;

/**
 * Gradients of a scalar loss on the NetVLAD descriptor reach the attention parameters, except
 * where docs/model.md says NetVLAD's per-location normalisation cancels a spatial mask: CRN, CBAM's
 * spatial gate and a lone de-attention get (numerically) nothing. Training-mode batch norm also
 * removes the gradient of a bias that directly precedes it (BAM's). The gradient also reaches the
 * modules' input, which a real model's encoder trains through. Tiny map: B=2, 4x5, C=16. Exact
 * values of BAM's gradients are checked against PyTorch in {@code train.TrainingParityTest}.
 */
class AttentionGradientTest {
  private static final int B = 2;
  private static final int H = 4;
  private static final int W = 5;
  private static final int C = 16;
  private static final int K = 4;
  /**
   * Gradients below this fraction of NetVLAD's own are treated as cancelled (measured: at most
   * 7e-6, float32 rounding, for BAM's second BN scale whose cancellation passes two training BNs),
   * above FLOWING as flowing (measured: at least 6e-5).
   */
  private static final double CANCELLED = 1e-5;
  /** Gradients above this fraction of NetVLAD's own are treated as flowing. */
  private static final double FLOWING = 2e-5;
  /** Key of the gradient with respect to the modules' input features. */
  private static final String INPUT = "(input features)";

  @Test
  void channelAttentionsReceiveGradients() {
    Map<String, Double> g = gradients(List.of(new EcaAttention(3), new SqueezeExcitation(C, 1)), false);
    expect(g, name -> true);
  }

  /**
   * Besides the biases right before a training batch norm, the scales of the spatial gate's first
   * two BNs get nothing either: with their initial shift 0, relu(g * x) = g * relu(x), so g only
   * scales the next conv's output, which the next training BN removes. (A Conv2D gradient that
   * ignored the dilation used to hide this; see Layers.conv.)
   */
  @Test
  void bamReceivesGradientsExceptWhereATrainingBatchNormCancelsThem() {
    Map<String, Double> g = gradients(List.of(new Bam(C, 1, BamPooling.SQUARE)), false);
    expect(g, name -> !List.of(
        "bam_attention.channel_att.gate_c.gate_c_fc_0.bias",
        "bam_attention.spatial_att.gate_s.gate_s_conv_reduce0.bias",
        "bam_attention.spatial_att.gate_s.gate_s_bn_reduce0.weight",
        "bam_attention.spatial_att.gate_s.gate_s_conv_di_0.bias",
        "bam_attention.spatial_att.gate_s.gate_s_bn_di_0.weight",
        "bam_attention.spatial_att.gate_s.gate_s_conv_di_1.bias").contains(name));
  }

  @Test
  void cbamSpatialGateIsCancelledByNetVlad() {
    Map<String, Double> g = gradients(List.of(new Cbam(C, 1)), false);
    expect(g, name -> name.startsWith("cbam_attention.ChannelGate."));
  }

  @Test
  void crnIsCancelledByNetVlad() {
    Map<String, Double> g = gradients(List.of(new Crn(C, MaskBranches.PAPER)), false);
    expect(g, name -> false);
  }

  @Test
  void loneDeAttentionIsCancelledInBothVersions() {
    for (int version : new int[] {1, 2}) {
      Map<String, Double> g = gradients(List.of(new DeAttention(C, version, Padding.REFLECT, MaskBranches.PAPER)),
          false);
      expect(g, name -> false);
    }
  }

  @Test
  void deAttentionActsThroughTheSqueezeOfSe() {
    Map<String, Double> g = gradients(
        List.of(new DeAttention(C, 1, Padding.REFLECT, MaskBranches.PAPER), new SqueezeExcitation(C, 1)), false);
    expect(g, name -> true);
  }

  @Test
  void deAttentionActsThroughMaskWeightedNetVlad() {
    Map<String, Double> g = gradients(List.of(new DeAttention(C, 1, Padding.REFLECT, MaskBranches.PAPER)), true);
    expect(g, name -> true);
  }

  /** Asserts which attention parameters get a gradient (relative to NetVLAD's conv weight). */
  private static void expect(Map<String, Double> grads, Predicate<String> flows) {
    double scale = grads.get(NetVlad.CONV_WEIGHT);
    assertTrue(scale > 1e-6, "NetVLAD's own gradient " + scale);
    for (Map.Entry<String, Double> e : grads.entrySet()) {
      String name = e.getKey();
      if (name.startsWith("pool.")) {
        continue;
      }
      double rel = e.getValue() / scale;
      if (name.equals(INPUT) || flows.test(name)) {
        assertTrue(rel > FLOWING, name + " should get a gradient, relative size " + rel);
      } else {
        assertTrue(rel < CANCELLED, name + " should get (almost) no gradient, relative size " + rel);
      }
    }
  }

  /**
   * Max |d loss / d p| of every trainable parameter for: random features, the modules in a
   * training-mode pass, NetVLAD (optionally weighted by the last module's mask), and a random
   * linear function of the descriptor as loss.
   */
  private static Map<String, Double> gradients(List<AttentionModule> modules, boolean maskWeighted) {
    Random r = new Random(3);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Params params = new Params(tf);
      Layers layers = new Layers(tf, params);
      // A batch of unknown size, as in the training graph (static shapes hide some gradient bugs).
      Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, H, W, C)));
      Operand<TFloat32> x = input;
      float[] features = RandomArrays.gaussian(r, B * H * W * C);
      Mode mode = Mode.training();
      Operand<TFloat32> mask = null;
      for (AttentionModule m : modules) {
        AttentionOutput out = m.apply(layers, x, mode);
        x = out.features();
        mask = out.mask() != null ? out.mask() : mask;
      }
      Operand<TFloat32> descriptor = new NetVlad(K, C).apply(layers, x, maskWeighted ? mask : null);
      Operand<TFloat32> direction = tf.constant(Shape.of(B, (long) K * C), DataBuffers.of(RandomArrays.gaussian(r, B * K * C), true, false));
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(descriptor, direction), tf.constant(new int[] {0, 1}));

      List<Params.Param> trainable = new ArrayList<>();
      params.all().stream().filter(p -> p.role() == Params.Role.WEIGHT).forEach(trainable::add);
      List<Output<?>> targets = new ArrayList<>();
      trainable.forEach(p -> targets.add(p.variable().asOutput()));
      // The input too: in a real model the encoder below the modules trains through them.
      targets.add(input.asOutput());
      Output<?>[] grads = g.addGradients(loss.asOutput(), targets.toArray(Output<?>[]::new));
      params.initialize(s, 5);

      TFloat32 in = Tensors.floats(new long[] {B, H, W, C}, features);
      Session.Runner runner = s.runner().feed(input, in);
      for (Output<?> grad : grads) {
        runner.fetch(grad);
      }
      Map<String, Double> out = new LinkedHashMap<>();
      try (in; Result res = runner.run()) {
        for (int i = 0; i < grads.length; i++) {
          double max = 0;
          for (float v : Tensors.toArray((TFloat32) res.get(i))) {
            max = Math.max(max, Math.abs(v));
          }
          out.put(i < trainable.size() ? trainable.get(i).name() : INPUT, max);
        }
      }
      return out;
    }
  }
}
