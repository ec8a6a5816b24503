package org.vpr4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;
import org.vpr4j.config.Attention;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Pooling;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.io.FloatArray;

/** The de-attention mask loss on a tiny model: its value, where it is added, and its gradient. */
class MaskLossTest {
  static final ModelConfig DEATT = new ModelConfig(Backbone.VGG16, 0.0625, 64, 64, Pooling.NETVLAD, 4,
      List.of(Attention.DEATTENTION));
  static final int IMAGES = 6;
  static final int GRID = 4 * 4;
  static final String BETA = "deattention.crn_conv4.2.bias";

  static TrainConfig config(double weight) {
    // plain SGD steps (no decay; the momentum buffer of a first step is the gradient itself)
    return TrainingGraphTest.config("training.maskLossWeight=" + weight, "training.weightDecay=0",
        "training.lr=0.5", "training.trainableFrom=conv5");
  }

  static byte[] pixels() {
    byte[] px = new byte[IMAGES * 64 * 64 * 3];
    new Random(3).nextBytes(px);
    return px;
  }

  /** Targets like the reference's: mostly 0 or 1, some overshoot at edges. */
  static float[] targets() {
    Random r = new Random(4);
    float[] t = new float[IMAGES * GRID];
    for (int i = 0; i < t.length; i++) {
      t[i] = r.nextInt(4) == 0 ? -0.2f + 1.4f * r.nextFloat() : r.nextInt(2);
    }
    return t;
  }

  @Test
  void theMaskTermIsWeightedMseAddedAfterTheTripletAverage() {
    byte[] px = pixels();
    float[] t = targets();
    float triplet;
    try (TrainingGraph plain = new TrainingGraph(DEATT, config(0), 11)) {
      assertFalse(plain.needsMaskTargets());
      triplet = plain.evaluate(px, IMAGES, TrainingGraphTest.Q, TrainingGraphTest.P, TrainingGraphTest.N, null).loss();
    }
    try (TrainingGraph g = new TrainingGraph(DEATT, config(0.1), 11)) {
      assertTrue(g.needsMaskTargets());
      float[] mask = g.trainingMask(px, IMAGES);
      double sum = 0;
      for (int i = 0; i < mask.length; i++) {
        sum += (mask[i] - t[i]) * (mask[i] - t[i]);
      }
      double expected = 0.1 * sum / mask.length;
      TrainingGraph.StepResult r = g.evaluate(px, IMAGES, TrainingGraphTest.Q, TrainingGraphTest.P,
          TrainingGraphTest.N, t);
      assertEquals(expected, r.maskLoss(), 1e-6);
      assertTrue(r.maskLoss() > 0.005, "a visible term: " + r.maskLoss());
      assertEquals(triplet + r.maskLoss(), r.loss(), 1e-6, "total = triplet average + w * MSE");
    }
  }

  @Test
  void itsGradientReachesTheMaskHeadAndTheEncoder() {
    byte[] px = pixels();
    float[] t = targets();
    TrainConfig c = config(0.1);
    Map<String, FloatArray> withMask;
    Map<String, FloatArray> before;
    double analytic;
    try (TrainingGraph g = new TrainingGraph(DEATT, c, 12)) {
      before = g.state();
      // mask = sigmoid(BN(...) + beta): d(w * mean((m - t)^2)) / d(beta) = 2w/N * sum (m - t) m (1 - m)
      float[] m = g.trainingMask(px, IMAGES);
      double sum = 0;
      for (int i = 0; i < m.length; i++) {
        sum += (m[i] - t[i]) * m[i] * (1 - m[i]);
      }
      analytic = 2 * 0.1 * sum / m.length;
      g.step(px, IMAGES, TrainingGraphTest.Q, TrainingGraphTest.P, TrainingGraphTest.N, t, c.lr());
      withMask = g.state();
    }
    // one SGD step moves beta by -lr * gradient; NetVLAD cancels the mask, so the triplet term adds nothing
    double stepped = -(withMask.get(BETA).data()[0] - before.get(BETA).data()[0]) / c.lr();
    assertEquals(analytic, stepped, 1e-4 * Math.max(1, Math.abs(analytic)) + 1e-7);
    assertTrue(Math.abs(analytic) > 1e-4, "the check is not vacuous: " + analytic);

    TrainConfig noMask = config(0);
    try (TrainingGraph g = new TrainingGraph(DEATT, noMask, 12)) {
      g.step(px, IMAGES, TrainingGraphTest.Q, TrainingGraphTest.P, TrainingGraphTest.N, noMask.lr());
      Map<String, FloatArray> tripletOnly = g.state();
      assertFalse(Arrays.equals(tripletOnly.get("encoder.28.weight").data(), withMask.get("encoder.28.weight").data()),
          "the mask loss changes conv5_3 too (multi-task regularisation, docs/model.md)");
      assertEquals(before.get(BETA).data()[0], tripletOnly.get(BETA).data()[0], 1e-6f,
          "without the mask loss the mask head gets (almost) no gradient");
    }
  }

  @Test
  void aStepWithoutTargetsIsRefused() {
    try (TrainingGraph g = new TrainingGraph(DEATT, config(0.1), 13)) {
      VprException e = assertThrows(VprException.class, () -> g.step(pixels(), IMAGES, TrainingGraphTest.Q,
          TrainingGraphTest.P, TrainingGraphTest.N, 0.1));
      assertTrue(e.getMessage().contains("mask targets"), e.getMessage());
    }
  }
}
