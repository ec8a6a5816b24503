package org.vpr4j.interop.imports;

import java.nio.file.Path;
import java.util.Optional;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Padding;
import org.vpr4j.VprException;
import org.vpr4j.onnx.FloatTensorData;
import org.vpr4j.onnx.OnnxWeights;

/**
 * What network an ONNX file holds and at what size, taken from its sidecar when there is one and
 * otherwise read off the initializers. Sizes the file does not reveal are null (the graph
 * configuration's values apply).
 *
 * @param variant the network to import into (from {@code --variant}, the sidecar, or the names)
 * @param variantSource where {@code variant} came from, for the report
 * @param namesSay the variant the initializer names point to, or null when they fit none
 * @param width VGG16 width fraction, or null
 * @param clusters NetVLAD clusters, or null
 * @param inputWidth model input width in pixels (the tracing size), or null
 * @param inputHeight model input height in pixels, or null
 * @param deattentionVersion de-attention version (1 unless the sidecar says otherwise)
 * @param deattentionPadding de-attention padding ({@code reflect} unless the sidecar says otherwise)
 */
public record OnnxArchitecture(
    ImportVariant variant,
    String variantSource,
    ImportVariant namesSay,
    Double width,
    Integer clusters,
    Integer inputWidth,
    Integer inputHeight,
    int deattentionVersion,
    Padding deattentionPadding) {

  /** {@code --variant}'s value that lets the sidecar or the names decide. */
  public static final String AUTO = "auto";

  private static final int VGG_FIRST_CONV_CHANNELS = 64;

  /**
   * Decides the architecture: an explicit {@code requested} variant wins, then the sidecar's, then
   * the one the initializer names point to. A claim that contradicts the names is kept here: the
   * weight mapping then lists exactly which names do not fit.
   */
  public static OnnxArchitecture resolve(OnnxWeights weights, Optional<OnnxSidecar> sidecar, String requested) {
    ImportVariant namesSay = ImportVariant.detect(weights.names()).orElse(null);
    ImportVariant variant;
    String source;
    if (requested != null && !requested.trim().equalsIgnoreCase(AUTO)) {
      variant = ImportVariant.byId(requested, "--variant");
      source = "--variant";
    } else if (sidecar.isPresent()) {
      variant = ImportVariant.byId(sidecar.get().variant(), "ONNX sidecar " + sidecar.get().file());
      source = "sidecar " + sidecar.get().file().getFileName();
    } else if (namesSay != null) {
      variant = namesSay;
      source = "initializer names";
    } else {
      throw new VprException("cannot tell which network " + weights.file() + " holds: it has "
          + ImportVariant.describeRoots(weights.names()) + " and no sidecar " + OnnxSidecar.pathFor(weights.file())
          + "; pass --variant with one of " + String.join(", ", ImportVariant.ids()));
    }
    Double width = sidecar.map(OnnxSidecar::width).orElseGet(() -> widthFromFirstConv(weights, variant));
    Integer clusters = sidecar.map(OnnxSidecar::clusters).orElseGet(() -> clustersFromCentroids(weights));
    Integer inputWidth = sidecar.map(OnnxSidecar::traceWidth).orElse(null);
    Integer inputHeight = sidecar.map(OnnxSidecar::traceHeight).orElse(null);
    int version = sidecar.map(OnnxSidecar::deattentionVersion).orElse(1);
    Padding padding = sidecar.map(OnnxSidecar::deattentionPadding).orElse(Padding.REFLECT);
    return new OnnxArchitecture(variant, source, namesSay, width, clusters, inputWidth, inputHeight, version, padding);
  }

  /**
   * The architecture of the ONNX file {@code onnx} (weights already read), decided from its
   * sidecar or its initializer names as {@code vpr4j import --variant auto} does.
   */
  public static OnnxArchitecture of(Path onnx, OnnxWeights weights) {
    return resolve(weights, OnnxSidecar.readFor(onnx), AUTO);
  }

  /**
   * {@code base} at the size of the exported network, where the file reveals it: the VGG16 width
   * (conv1_1's channels, or the sidecar's) and NetVLAD's clusters (the centroids' rows). The one
   * rule for sizing a model from an export (import, bench).
   */
  public ModelConfig sized(ModelConfig base) {
    ModelConfig m = base;
    if (width != null) {
      m = m.withWidth(width);
    }
    if (clusters != null) {
      m = m.withClusters(clusters);
    }
    return m;
  }

  /** A hint for error messages when the names point to another network than the one claimed. */
  public String mismatchHint() {
    if (namesSay == null || namesSay == variant) {
      return "";
    }
    return "\n  hint: the initializer names are those of a '" + namesSay.id() + "' model, but the import used '"
        + variant.id() + "' (from " + variantSource + ")";
  }

  /** conv1_1's output channels over 64, as weights-import defines the width. */
  private static Double widthFromFirstConv(OnnxWeights weights, ImportVariant variant) {
    String name = variant == ImportVariant.VGG16_IMAGENET ? "features.0.weight" : "encoder.0.weight";
    if (!weights.contains(name)) {
      return null;
    }
    FloatTensorData conv = weights.get(name);
    return conv.rank() == 4 ? conv.dims()[0] / (double) VGG_FIRST_CONV_CHANNELS : null;
  }

  private static Integer clustersFromCentroids(OnnxWeights weights) {
    if (!weights.contains("pool.centroids")) {
      return null;
    }
    FloatTensorData centroids = weights.get("pool.centroids");
    return centroids.rank() == 2 ? Math.toIntExact(centroids.dims()[0]) : null;
  }
}
