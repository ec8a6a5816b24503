package org.vpr4j.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.PcaOps;
import org.vpr4j.eval.pca.PcaProjection;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.InGraphResize;
import org.vpr4j.model.InferenceConvolutions;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig;
import org.vpr4j.model.VprModel;
import org.vpr4j.model.layers.ConvPlan;
import org.vpr4j.model.layers.Mode;
import org.vpr4j.model.layers.Tensors;

/**
 * Exports a model as a TensorFlow SavedModel (tag {@code serve}) for serving:
 * <ul>
 *   <li>{@code serving_default}: {@code images} uint8 [batch, height, width, 3] RGB of any size →
 *       {@code descriptor} float32 [batch, D] (and {@code mask} [batch, h, w, 1] for de-attention
 *       models). Resizing (Pillow-like bicubic) and ImageNet normalisation happen in the graph.</li>
 *   <li>{@code encoded_image}: {@code image_bytes}, one JPEG/PNG/BMP/GIF file as a scalar string →
 *       the same outputs for a batch of one.</li>
 * </ul>
 * With a PCA, both signatures also return {@code descriptor_pca} float32 [batch, pca dim], the
 * descriptor after the PCA transform (docs/scale.md). After writing, the export is reloaded and
 * must reproduce the in-process descriptors (and their PCA projections).
 */
public final class SavedModelExporter {
  private static final Logger LOG = LogManager.getLogger(SavedModelExporter.class);
  public static final String DEFAULT_SIGNATURE = "serving_default";
  public static final String ENCODED_SIGNATURE = "encoded_image";
  /** Largest acceptable difference between reloaded and in-process descriptors. */
  public static final double TOLERANCE = 1e-5;
  /** The output holding the PCA-projected descriptor, when the export has a PCA. */
  public static final String PCA_OUTPUT = "descriptor_pca";

  /** What the export wrote and how well the reloaded model agreed with the in-process one. */
  public record Report(Path folder, double maxAbsDiffRaw, double maxAbsDiffEncoded, int checkedImages,
      double maxAbsDiffPca) {}

  private SavedModelExporter() {}

  /**
   * @param checkPixels uint8 NHWC images at the model's input size used for the parity check
   * @param checkPng one of them encoded as PNG (lossless), for the encoded signature
   */
  public static Report export(GraphConfig graphConfig, Map<String, FloatArray> weights, Path out,
      Map<String, String> provenance, byte[] checkPixels, int checkCount, byte[] checkPng) {
    return export(graphConfig, weights, null, out, provenance, checkPixels, checkCount, checkPng,
        InferenceConvolutions.plan(SessionConfig.Precision.FP32));
  }

  /**
   * As above, with {@code pca} (or null) baked in as the {@code descriptor_pca} output and each 3x3
   * convolution in the form {@code convPlan} picks (the lowered ones listed in the export's
   * description).
   */
  public static Report export(GraphConfig graphConfig, Map<String, FloatArray> weights, Pca pca, Path out,
      Map<String, String> provenance, byte[] checkPixels, int checkCount, byte[] checkPng, ConvPlan convPlan) {
    ModelConfig config = graphConfig.model();
    int leftovers = AtomicFiles.removeLeftoversOf(out);
    if (leftovers > 0) {
      LOG.info("removed {} temporary folder(s) left beside {} by an interrupted export", leftovers, out);
    }
    Report[] report = new Report[1];
    String origin = "checkpoint " + provenance.getOrDefault("checkpoint", "(unnamed)") + " of "
        + provenance.getOrDefault("run", "(no run)");
    try (Graph tfGraph = new Graph()) {
      Ops tf = Ops.create(tfGraph);
      // The weights become constants of the exported graph, as in the in-process fast form, so a
      // server that loads the SavedModel gets oneDNN's once-packed filters too (docs/benchmarks.md).
      VprModel model = VprModel.frozen(config, tf, SessionConfig.Precision.FP32, convPlan, weights, 0);
      var images = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      VprModel.Outputs raw = model.forward(
          InGraphResize.apply(tf, images, config.inputHeight(), config.inputWidth()), Mode.inference());
      var bytes = tf.withName("image_bytes").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      Operand<TUint8> decoded = tf.expandDims(tf.image.decodeImage(bytes, TUint8.class, DecodeImage.channels(3L),
          DecodeImage.expandAnimations(false)), tf.constant(0));
      VprModel.Outputs enc = model.forward(
          InGraphResize.apply(tf, decoded, config.inputHeight(), config.inputWidth()), Mode.inference());
      model.params().fitting(weights, origin); // every weight there with its shape (now that the graph asked)
      Map<String, String> lowered = new LinkedHashMap<>();
      model.loweredConvolutions().forEach((key, form) -> lowered.put(key, form.label()));
      LOG.info("{} of the 3x3 convolutions computed in another form than Conv2D{}", lowered.size(),
          lowered.isEmpty() ? "" : ": " + lowered);
      Signature rawSig = signature(tf, DEFAULT_SIGNATURE, "images", images, raw, pca);
      Signature encSig = signature(tf, ENCODED_SIGNATURE, "image_bytes", bytes, enc, pca);
      try (Session s = new Session(tfGraph, SessionConfig.inference())) {
        // Written and checked in the hidden temporary folder: only a SavedModel that reloads and
        // reproduces the model is renamed to `out`; a kill or a failure leaves nothing there.
        AtomicFiles.writeFolder(out, tmp -> {
          try {
            SavedModelBundle.exporter(tmp.toString()).withSession(s).withSignatures(rawSig, encSig).export();
          } catch (TensorFlowException e) {
            throw writeFailure(e);
          }
          writeDescription(tmp, graphConfig, pca, provenance, rawSig, encSig, lowered);
          report[0] = verify(tmp, out, config, weights, pca, checkPixels, checkCount, checkPng);
        });
      }
    }
    return report[0];
  }

  /**
   * TensorFlow reports a failed write (a full disk, a read-only folder) as its own exception whose
   * message ends with the system's reason; it is a problem with the output folder, not a bug.
   */
  private static IOException writeFailure(TensorFlowException e) {
    String message = String.valueOf(e.getMessage());
    for (String reason : List.of("No space left on device", "Read-only file system", "Permission denied",
        "Disk quota exceeded")) {
      if (message.contains(reason)) {
        return new IOException(reason, e);
      }
    }
    return new IOException(message.lines().findFirst().orElse(message), e);
  }

  private static Signature signature(Ops tf, String key, String inputName, Operand<?> input, VprModel.Outputs o,
      Pca pca) {
    Signature.Builder b = Signature.builder().key(key).input(inputName, input)
        .output("descriptor", tf.identity(o.descriptor()));
    if (pca != null) {
      b.output(PCA_OUTPUT, tf.identity(PcaOps.project(tf, o.descriptor(), pca)));
    }
    if (o.mask() != null) {
      b.output("mask", tf.identity(o.mask()));
    }
    return b.build();
  }

  private static void writeDescription(Path folder, GraphConfig graphConfig, Pca pca, Map<String, String> provenance,
      Signature rawSig, Signature encSig, Map<String, String> lowered) throws IOException {
    ModelConfig m = graphConfig.model();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("format", "TensorFlow SavedModel, tag 'serve'");
    d.put("model", graphConfig.name());
    d.put("description", graphConfig.description());
    d.put("config", m);
    d.put("descriptorDim", m.descriptorDim());
    d.put("signatures", Map.of(
        DEFAULT_SIGNATURE, Map.of("inputs", Map.of("images", "uint8 [batch, height, width, 3] RGB, any size"),
            "outputs", rawSig.outputNames()),
        ENCODED_SIGNATURE, Map.of("inputs", Map.of("image_bytes", "string scalar: one encoded JPEG/PNG/BMP/GIF"),
            "outputs", encSig.outputNames())));
    d.put("preprocessing", List.of(
        "resize to " + m.inputWidth() + "x" + m.inputHeight() + " (Keys bicubic a=-0.5, antialiased, rounded to uint8, like Pillow BICUBIC)",
        "x/255, minus mean (0.485, 0.456, 0.406), divided by std (0.229, 0.224, 0.225)"));
    d.put("output", "descriptor: L2-normalised; compare with Euclidean distance (smaller = more similar)");
    if (pca != null) {
      d.put(PCA_OUTPUT, Map.of("dim", pca.dim(), "whiten", pca.whiten(), "eps", pca.eps(), "origin", pca.origin(),
          "transform", "subtract mean, project on the components, " + (pca.whiten()
              ? "divide by sqrt(eigenvalue + eps), " : "") + "L2-normalise"));
    }
    d.put("convolutions", Map.of("forms", lowered,
        "why", "3x3 convolutions computed as matrix products (matmul) or Winograd F(2x2,3x3) tiles (winograd) where"
            + " that was timed faster on the exporting machine ($VPR4J_TF_CONV: auto, conv2d, matmul or winograd);"
            + " the other convolutions use Conv2D; the results are equal within float32 rounding"));
    d.put("provenance", provenance);
    GraphConfig.json().writeValue(folder.resolve("vpr4j-export.json").toFile(), d);
  }

  /** Reloads the SavedModel in {@code folder}, which becomes {@code out}, and compares its descriptors. */
  private static Report verify(Path folder, Path out, ModelConfig config, Map<String, FloatArray> weights, Pca pca,
      byte[] pixels, int count, byte[] png) {
    float[] expected;
    float[] expectedPca = null;
    // The reference is the variables graph with Conv2D, so the check also covers the equality of the
    // constant form and of the lowered convolutions.
    try (InferenceModel m = InferenceModel.reference(config, 0)) {
      m.load(m.params().known(weights));
      expected = m.describe(pixels, count);
    }
    if (pca != null) {
      try (PcaProjection p = new PcaProjection(pca)) {
        expectedPca = p.apply(expected, count);
      }
    }
    double rawDiff;
    double encDiff;
    double pcaDiff = 0;
    try (SavedModelBundle b = SavedModelBundle.load(folder.toString(), "serve")) {
      long[] shape = {count, config.inputHeight(), config.inputWidth(), 3};
      try (TUint8 in = Tensors.bytes(shape, pixels);
          Result r = b.function(DEFAULT_SIGNATURE).call(Map.<String, Tensor>of("images", in))) {
        rawDiff = maxAbsDiff(expected, 0, Tensors.toArray((TFloat32) r.get("descriptor").orElseThrow()));
        if (pca != null) {
          pcaDiff = maxAbsDiff(expectedPca, 0, Tensors.toArray((TFloat32) r.get(PCA_OUTPUT).orElseThrow(
              () -> new VprException("the exported SavedModel in " + out + " has no " + PCA_OUTPUT + " output"))));
        }
      }
      try (TString in = TString.tensorOfBytes(NdArrays.scalarOfObject(png));
          Result r = b.function(ENCODED_SIGNATURE).call(Map.<String, Tensor>of("image_bytes", in))) {
        encDiff = maxAbsDiff(expected, 0, Tensors.toArray((TFloat32) r.get("descriptor").orElseThrow()));
      }
    }
    if (rawDiff > TOLERANCE || encDiff > TOLERANCE || pcaDiff > TOLERANCE) {
      throw new VprException(String.format("the exported SavedModel in %s does not reproduce the model: max |diff|"
          + " %.3g (images), %.3g (encoded image) and %.3g (%s), tolerance %.0g", out, rawDiff, encDiff, pcaDiff,
          PCA_OUTPUT, TOLERANCE));
    }
    return new Report(out, rawDiff, encDiff, count, pcaDiff);
  }

  /** Compares the first {@code got.length} values of {@code expected} (from offset) with {@code got}. */
  private static double maxAbsDiff(float[] expected, int offset, float[] got) {
    double m = 0;
    for (int i = 0; i < got.length; i++) {
      m = Math.max(m, Math.abs(expected[offset + i] - got[i]));
    }
    return m;
  }
}
