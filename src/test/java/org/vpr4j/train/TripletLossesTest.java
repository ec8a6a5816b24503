package org.vpr4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.model.layers.Tensors;

class TripletLossesTest {
  // q, p, n as rows 0, 1, 2
  static final float[] DESC = {1, 0, 0.6f, 0.8f, 0, 1};

  static TrainConfig config(String... settings) {
    return GraphConfig.read(Path.of("graphs/netvlad.json")).withOverrides(List.of(settings), "test").training();
  }

  /** Returns {loss, dL/dq (2), dL/dp (2), dL/dn (2)}. */
  static float[] lossAndGradient(TrainConfig c) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var d = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 2)));
      var loss = TripletLosses.build(tf, d, tf.constant(new int[] {0}), tf.constant(new int[] {1}),
          tf.constant(new int[] {2}), c);
      Output<?>[] grad = g.addGradients(loss.value().asOutput(), new Output<?>[] {d.asOutput()});
      try (TFloat32 in = Tensors.floats(new long[] {3, 2}, DESC);
          Result r = s.runner().feed(d, in).fetch(loss.value()).fetch(grad[0]).run()) {
        float[] gr = Tensors.toArray((TFloat32) r.get(1));
        float[] out = new float[7];
        out[0] = ((TFloat32) r.get(0)).getFloat();
        System.arraycopy(gr, 0, out, 1, 6);
        return out;
      }
    }
  }

  @Test
  void tripletLossMatchesPytorchsFormulaAndItsGradient() {
    double eps = 1e-6;
    double[] qp = {1 - 0.6 + eps, 0 - 0.8 + eps};
    double[] qn = {1 - 0 + eps, 0 - 1 + eps};
    double dqp = Math.hypot(qp[0], qp[1]);
    double dqn = Math.hypot(qn[0], qn[1]);
    float[] got = lossAndGradient(config("training.margin=1.0"));
    assertEquals(dqp - dqn + 1.0, got[0], 1e-6);
    float[] expectedGrad = {
        (float) (qp[0] / dqp - qn[0] / dqn), (float) (qp[1] / dqp - qn[1] / dqn),
        (float) (-qp[0] / dqp), (float) (-qp[1] / dqp),
        (float) (qn[0] / dqn), (float) (qn[1] / dqn)};
    assertArrayEquals(expectedGrad, java.util.Arrays.copyOfRange(got, 1, 7), 1e-5f);
    // With the paper's margin 0.1 this triplet is already satisfied: zero loss, zero gradient.
    float[] satisfied = lossAndGradient(config("training.margin=0.1"));
    assertEquals(0f, satisfied[0]);
    assertEquals(0f, satisfied[1]);
  }

  @Test
  void sharpenedTripletMarginLossByHand() {
    double dqp = Math.sqrt(0.16 + 0.64);
    double dqn = Math.sqrt(2);
    double dpn = Math.sqrt(0.36 + 0.04);
    float[] got = lossAndGradient(config("training.loss=stml", "training.margin=0.1"));
    assertEquals(dqp + 0.1 - dqn + 1.4 - dpn, got[0], 1e-6);
    // d/dn = (q - n)/dqn * (+1) from -dqn ... and (p - n)/dpn from -dpn
    assertEquals((1 - 0) / dqn + (0.6 - 0) / dpn, got[5], 1e-5);
    float[] v2 = lossAndGradient(config("training.loss=stml", "training.margin=0.1", "training.stmlVersion=2"));
    assertEquals(Math.max(0, 1.4 - dpn), v2[0], 1e-6);
  }
}
