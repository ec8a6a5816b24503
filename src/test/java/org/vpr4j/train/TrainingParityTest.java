package org.vpr4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.Optimizer;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.interop.imports.PythonTools;
import org.vpr4j.io.FloatArray;

/**
 * Training-step parity with PyTorch (docs/training-parity.md): the shipped configurations, at a
 * tiny size, take the same three optimisation steps as the reference's training code run on the
 * clean-room PyTorch modules of {@code weights-import/} ({@code training_parity.py}), from the same
 * weights, images and mask targets. Both loss parts of every step, every trainable tensor and
 * every BatchNorm running statistic after every step agree within {@link #TOLERANCE}, relative
 * to the largest magnitude of the reference value.
 */
class TrainingParityTest {
  /** Float32 accumulation order over a few thousand terms, three steps deep. */
  static final double TOLERANCE = 1e-5;
  /** Adam: the share of elements allowed beyond the tolerance (gradients near eps, see check). */
  static final double ADAM_OUTLIER_SHARE = 1e-3;
  static final List<String> TINY = List.of("model.width=0.0625", "model.inputWidth=96", "model.inputHeight=64",
      "model.numClusters=8");

  @TempDir
  static Path folder;
  static Path fixture;

  @BeforeAll
  static void runTheReference() {
    PythonTools.requireTorchAndOnnx();
    fixture = folder.resolve("training-parity.h5");
    PythonTools.runScripts(List.of(List.of("training_parity", "--out", fixture.toString())));
  }

  @Test
  void baselineWithTheTripletLoss() {
    check("baseline_triplet", "graphs/quickstart.json");
  }

  @Test
  void deAttentionAndSeWithStmlAndTheMaskLoss() {
    check("deatt_senet_stml", "graphs/deattention-stml.json");
  }

  @Test
  void bam() {
    check("bam_triplet", "graphs/bam.json");
  }

  @Test
  void cbam() {
    check("cbam_triplet", "graphs/cbam.json");
  }

  @Test
  void pytorchNetVladRegimeWithItsStepSchedule() {
    check("netvlad_regime", "graphs/netvlad.json");
  }

  @Test
  void adam() {
    check("baseline_adam", "graphs/quickstart.json", "training.optimizer=adam");
  }

  /** pytorch-NetVlad steps StepLR(5, 0.5) with the 1-based epoch before each epoch. */
  @Test
  void stepScheduleGivesStepLrsRatesEpochByEpoch() {
    TrainConfig c = config("graphs/netvlad.json").training();
    double[] torch = TrainingParityFixture.doubles(fixture, "netvlad_lr_by_epoch");
    assertEquals(30, torch.length);
    for (int epoch = 0; epoch < torch.length; epoch++) {
      assertEquals(torch[epoch], c.learningRate(epoch), torch[epoch] * 1e-12, "epoch " + (epoch + 1));
    }
  }

  private static GraphConfig config(String graph, String... more) {
    List<String> overrides = new ArrayList<>(TINY);
    overrides.addAll(List.of(more));
    return GraphConfig.read(Path.of(graph)).withOverrides(overrides, "test");
  }

  private static void check(String name, String graph, String... overrides) {
    TrainingParityFixture f = TrainingParityFixture.read(fixture, name);
    GraphConfig c = config(graph, overrides);
    boolean adam = c.training().optimizer() == Optimizer.ADAM;
    int[] q = new int[10];
    int[] p = new int[10];
    int[] n = new int[10];
    for (int i = 0; i < 10; i++) {
      p[i] = 1;
      n[i] = 2 + i;
    }
    List<String> report = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    try (TrainingGraph g = new TrainingGraph(c.model(), c.training(), 1)) {
      g.load(g.params().known(f.init()));
      assertEquals(new TreeSet<>(f.init().keySet()), new TreeSet<>(g.params().known(f.init()).keySet()),
          name + ": every reference tensor has its vpr4j variable");
      float[] targets = g.needsMaskTargets() ? f.maskTargets() : null;
      for (int s = 0; s < f.steps().size(); s++) {
        TrainingParityFixture.Step ref = f.steps().get(s);
        double lr = c.training().learningRate(f.epochs()[s] - 1);
        assertEquals(ref.lr(), lr, ref.lr() * 1e-12, name + " step " + (s + 1) + ": learning rate");
        TrainingGraph.StepResult r = g.step(f.pixels(), f.images(), q, p, n, targets, lr);
        String where = name + " step " + (s + 1);
        double ranking = lossDifference(r.rankingLoss(), ref.rankingLoss());
        double mask = lossDifference(r.maskLoss(), ref.maskLoss());
        if (!(ranking <= TOLERANCE && mask <= TOLERANCE)) {
          failures.add(where + ": losses " + r.rankingLoss() + " + " + r.maskLoss() + ", PyTorch " + ref.rankingLoss()
              + " + " + ref.maskLoss());
        }
        Map<String, FloatArray> state = g.state();
        double worst = 0;
        String worstName = "";
        long elements = 0;
        long outliers = 0;
        for (Map.Entry<String, FloatArray> e : ref.tensors().entrySet()) {
          float[] mine = state.get(e.getKey()).data();
          float[] theirs = e.getValue().data();
          double d = relative(mine, theirs);
          elements += theirs.length;
          if (adam) {
            // Adam's first update is lr * g / (|g| + eps'): a weight whose gradient is near eps' moves
            // by lr times the relative error of its gradient (docs/training-parity.md). Those few may
            // differ by up to lr per step; every other element is held to the tolerance.
            outliers += outliers(mine, theirs);
            if (!(d <= lr * (s + 1) / scale(theirs))) {
              failures.add(where + ": " + e.getKey() + " differs by " + d + " relative, more than Adam's steps");
            }
          } else if (!(d <= TOLERANCE)) {
            failures.add(where + ": " + e.getKey() + " differs by " + d + " relative");
          }
          if (!(d <= worst)) {
            worst = d;
            worstName = e.getKey();
          }
        }
        if (outliers > elements * ADAM_OUTLIER_SHARE) {
          failures.add(where + ": " + outliers + " of " + elements + " elements beyond the tolerance");
        }
        report.add(String.format("%s: ranking loss %.3g, mask loss %.3g, tensors %.3g (%s)%s", where, ranking, mask,
            worst, worstName, adam ? String.format(", %d of %d elements beyond %.0g", outliers, elements, TOLERANCE)
                : ""));
      }
      assertEquals(new TreeSet<>(g.trainableNames()), trainableOf(f), name + ": trainable tensors");
    }
    System.out.println(String.join("\n", report));
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** The reference's trainable tensors: what it tracks after a step, minus the running statistics. */
  private static TreeSet<String> trainableOf(TrainingParityFixture f) {
    TreeSet<String> out = new TreeSet<>();
    for (String key : f.steps().get(0).tensors().keySet()) {
      if (!key.endsWith("running_mean") && !key.endsWith("running_var")) {
        out.add(key);
      }
    }
    return out;
  }

  /**
   * Loss difference relative to max(|loss|, 1): each hinge is d_qp - d_qn + margin with distances
   * of order 1 between unit descriptors, so float32 errors scale with the distances, not with
   * their (possibly small) difference.
   */
  private static double lossDifference(double actual, double expected) {
    return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1);
  }

  /** Elements differing by more than the tolerance times the tensor's largest magnitude. */
  private static long outliers(float[] actual, float[] expected) {
    double limit = TOLERANCE * scale(expected);
    long n = 0;
    for (int i = 0; i < expected.length; i++) {
      if (!(Math.abs((double) actual[i] - expected[i]) <= limit)) {
        n++;
      }
    }
    return n;
  }

  private static double scale(float[] values) {
    double scale = 0;
    for (float v : values) {
      scale = Math.max(scale, Math.abs(v));
    }
    return Math.max(scale, 1e-30);
  }

  /** Largest difference over the largest magnitude of the reference tensor. */
  private static double relative(float[] actual, float[] expected) {
    double diff = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs((double) actual[i] - expected[i]);
      diff = Double.isNaN(d) ? Double.NaN : Math.max(diff, d);
    }
    return diff / scale(expected);
  }
}
