package org.vpr4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.Evaluation;
import org.vpr4j.eval.VectorDistance;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.Describer;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.NetVlad;
import org.vpr4j.model.SessionConfig.Precision;

/**
 * What reduced precision costs in quality: one model evaluated on a dataset split in float32 and
 * in bfloat16, giving recall@N of each, the cosine between each image's two descriptors, and how
 * often the nearest database image is the same. Meant for a small split: every descriptor is kept.
 * The cosine of the encoder's local features on a few queries separates the error that bfloat16
 * makes in the convolutions from what NetVLAD's soft assignment makes of it.
 */
public final class PrecisionCheck {
  static final int[] NS = {1, 5, 10};
  /** Queries whose local features are compared (every location of each). */
  static final int LOCAL_SAMPLE = 8;

  private PrecisionCheck() {}

  /**
   * @param weights the model's weights, or {@code null} for random ones (seed 1)
   * @param weightsLabel where the weights come from, for the report: NetVLAD's sensitivity to
   *     rounding depends on them (its soft-assignment sharpness alpha above all)
   */
  public static List<BenchResult> run(ModelConfig config, Map<String, FloatArray> weights, String weightsLabel,
      PlaceDataset split, int batchSize, Path spillFolder, StageRecorder stage) {
    Map<Precision, Recording> runs = new LinkedHashMap<>();
    Map<Precision, Evaluation.Result> results = new LinkedHashMap<>();
    Map<Precision, float[]> local = new LinkedHashMap<>();
    List<Path> sample = split.queryImages().subList(0, Math.min(LOCAL_SAMPLE, split.numQ()));
    for (Precision p : Precision.values()) {
      try (InferenceModel model = new InferenceModel(config, 1, p)) {
        if (weights != null) {
          model.load(model.params().known(weights));
        }
        Recording rec = new Recording(model);
        results.put(p, Evaluation.run(rec, split, batchSize, NS, spillFolder));
        runs.put(p, rec);
        local.put(p, localFeatures(model, sample));
      }
    }
    float[][] reference = runs.get(Precision.FP32).descriptors();
    List<BenchResult> out = new ArrayList<>();
    for (Precision p : Precision.values()) {
      Evaluation.Result r = results.get(p);
      Map<String, Object> extra = ExtractionBenchmark.modelExtra(config);
      extra.put("weights", weightsLabel);
      extra.put("alpha", alpha(weights));
      for (int n : NS) {
        extra.put("recall@" + n, r.recalls().get(n));
      }
      if (p != Precision.FP32) {
        double[] cos = cosines(reference, runs.get(p).descriptors());
        extra.put("cosineMin", min(cos));
        extra.put("cosineMean", mean(cos));
        extra.put("sameTop1", sameTop1(results.get(Precision.FP32).predictions(), r.predictions()));
        // A changed top-1 is a near-tie when the two images' fp32 distances differ by less than
        // bf16 moved the descriptors.
        extra.put("descriptorShiftMax", maxShift(reference, runs.get(p).descriptors()));
        extra.put("top1GapMax", top1Gap(reference, split.numDb(), results.get(Precision.FP32).predictions(),
            r.predictions()));
        double[] localCos = cosines(rows(local.get(Precision.FP32), config.encoderDim()),
            rows(local.get(p), config.encoderDim()));
        extra.put("localCosineMin", min(localCos));
        extra.put("localCosineMean", mean(localCos));
      }
      out.add(stage.result(ExtractionBenchmark.engine(p), ExtractionBenchmark.label(config, p),
          split.name() + ", " + (split.numDb() + split.numQ()) + " images, " + weightsLabel,
          split.numDb() + split.numQ(), "image",
          r.extractSeconds(), extra));
    }
    return out;
  }

  /**
   * NetVLAD's alpha, the norm of the first soft-assignment filter (v1 initialisation makes every
   * filter alpha times a unit vector), or NaN without NetVLAD weights. The larger it is, the more
   * a small change of the features moves the soft assignment.
   */
  static double alpha(Map<String, FloatArray> weights) {
    FloatArray w = weights == null ? null : weights.get(NetVlad.CONV_WEIGHT);
    if (w == null || w.shape().length != 4) {
      return Double.NaN;
    }
    int k = (int) w.shape()[3];
    double sq = 0;
    for (int j = 0; j < w.shape()[2]; j++) {
      double v = w.data()[j * k];
      sq += v * v;
    }
    return Math.sqrt(sq);
  }

  /** The L2-normalised encoder features of {@code images}, [n, h, w, D] flattened. */
  private static float[] localFeatures(InferenceModel model, List<Path> images) {
    if (images.isEmpty()) {
      return new float[0];
    }
    byte[] pixels = ImageBatches.loadAll(images, model.config().inputWidth(), model.config().inputHeight());
    return model.localDescriptors(pixels, images.size());
  }

  /** A flat array as rows of {@code dim} values. */
  static float[][] rows(float[] flat, int dim) {
    float[][] out = new float[flat.length / dim][];
    for (int i = 0; i < out.length; i++) {
      out[i] = java.util.Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
    }
    return out;
  }

  /** Cosine similarity of each pair of rows. */
  static double[] cosines(float[][] a, float[][] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(a.length + " descriptors against " + b.length);
    }
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int j = 0; j < a[i].length; j++) {
        dot += (double) a[i][j] * b[i][j];
        na += (double) a[i][j] * a[i][j];
        nb += (double) b[i][j] * b[i][j];
      }
      out[i] = dot / Math.sqrt(Math.max(na * nb, Double.MIN_NORMAL));
    }
    return out;
  }

  /** The largest Euclidean distance between a row of {@code a} and the same row of {@code b}. */
  static double maxShift(float[][] a, float[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, VectorDistance.euclidean(a[i], b[i]));
    }
    return max;
  }

  /**
   * Over the queries whose first prediction differs, the largest difference between the fp32
   * distances of the two predicted database images; NaN when no first prediction changed.
   *
   * @param fp32 the fp32 descriptors, database rows first, then the queries
   */
  static double top1Gap(float[][] fp32, int numDb, int[][] a, int[][] b) {
    double max = Double.NaN;
    for (int q = 0; q < a.length; q++) {
      if (a[q][0] != b[q][0]) {
        float[] query = fp32[numDb + q];
        double gap = Math.abs(VectorDistance.euclidean(query, fp32[a[q][0]])
            - VectorDistance.euclidean(query, fp32[b[q][0]]));
        max = Double.isNaN(max) ? gap : Math.max(max, gap);
      }
    }
    return max;
  }

  /** Share of queries whose first prediction is the same in both runs. */
  static double sameTop1(int[][] a, int[][] b) {
    int same = 0;
    for (int q = 0; q < a.length; q++) {
      same += a[q][0] == b[q][0] ? 1 : 0;
    }
    return a.length == 0 ? 1 : same / (double) a.length;
  }

  static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Passes descriptors through and keeps a copy of each, in call order (database, then queries). */
  private static final class Recording implements Describer {
    private final Describer model;
    private final List<float[]> rows = new ArrayList<>();

    Recording(Describer model) {
      this.model = model;
    }

    @Override
    public ModelConfig config() {
      return model.config();
    }

    @Override
    public float[] describe(byte[] pixels, int n) {
      float[] d = model.describe(pixels, n);
      int dim = d.length / n;
      for (int i = 0; i < n; i++) {
        rows.add(java.util.Arrays.copyOfRange(d, i * dim, (i + 1) * dim));
      }
      return d;
    }

    float[][] descriptors() {
      return rows.toArray(new float[0][]);
    }
  }
}
