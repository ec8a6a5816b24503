package org.vpr4j.model.ort;

import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.GlobalPooling;
import org.vpr4j.model.ImageNormalization;
import org.vpr4j.model.NetVlad;
import org.vpr4j.model.Vgg16Encoder;
import org.vpr4j.config.Padding;
import org.vpr4j.onnx.proto.OnnxModelProtos.ModelProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.TensorProto;

/**
 * The inference network of a {@link ModelConfig} as an ONNX graph, written in Java from the
 * model's own weights (the values {@code InferenceModel.load} takes, TensorFlow layout), for the
 * ONNX Runtime engine (docs/benchmarks.md, "Engines"). It computes what
 * {@code VprModel.forward} computes in inference mode: input {@value #INPUT} uint8 NHWC RGB
 * [N, H, W, 3] at the model's input size, output {@value #OUTPUT} [N, descriptorDim]. The image is
 * transposed to NCHW once, ONNX Runtime's native layout, and stays so to the pooling.
 */
public final class VprOnnxGraph {
  public static final String INPUT = "image";
  public static final String OUTPUT = "descriptor";
  /** VGG16's 2x2 max-pools follow these convolutions (torchvision indices), as in {@link Vgg16Encoder}. */
  private static final List<Integer> POOL_AFTER = List.of(2, 7, 14, 21);

  private VprOnnxGraph() {}

  /**
   * @param weights every parameter of the model (as {@code InferenceModel.weights()} or a checkpoint
   *     fitted by {@code Params.fitting}), TensorFlow layout
   * @throws VprException if some part of the model has no ONNX form here (naming it)
   */
  public static ModelProto build(ModelConfig config, Map<String, FloatArray> weights) {
    OnnxGraph g = new OnnxGraph();
    OnnxLayers l = new OnnxLayers(g, weights);
    String image = g.input(INPUT, TensorProto.DataType.UINT8, config.inputHeight(), config.inputWidth(), 3);
    String x = normalised(g, l, image);
    String features = encoder(l, x);
    OnnxAttention.Output attended = new OnnxAttention(config, l).apply(features);
    String weight = config.maskWeightedNetVlad() ? attended.deattentionMask() : null;
    String descriptor = switch (config.pooling()) {
      case NETVLAD -> netVlad(l, config, attended.features(), weight);
      case MAX -> l.l2Normalize(l.spatialMax(attended.features(), false), 1);
      case AVG -> l.l2Normalize(l.spatialMean(attended.features(), false), 1);
      case GEM -> l.l2Normalize(gem(l, attended.features()), 1);
      default -> throw new VprException("the ONNX Runtime engine cannot build pooling '" + config.pooling()
          + "'; use --engine tf");
    };
    g.output(descriptor, config.descriptorDim());
    return g.model();
  }

  /** {@link ImageNormalization}: uint8 NHWC to float NCHW, x * (1 / (255 std)) - mean / std. */
  private static String normalised(OnnxGraph g, OnnxLayers l, String image) {
    String nchw = g.node("Transpose", image, OnnxGraph.ints("perm", 0, 3, 1, 2));
    String x = g.node("Cast", nchw, OnnxGraph.integer("to", TensorProto.DataType.FLOAT_VALUE));
    float[] scale = new float[3];
    float[] shift = new float[3];
    for (int c = 0; c < 3; c++) {
      scale[c] = 1f / (255f * ImageNormalization.STD[c]);
      shift[c] = ImageNormalization.MEAN[c] / ImageNormalization.STD[c];
    }
    long[] perChannel = {1, 3, 1, 1};
    return l.sub(l.mul(x, g.floats("scale", perChannel, scale)), g.floats("shift", perChannel, shift));
  }

  /** {@link Vgg16Encoder}: conv1_1 ... conv5_3, ReLU after all but the last, 2x2 max-pools. */
  private static String encoder(OnnxLayers l, String images) {
    String x = images;
    List<Vgg16Encoder.ConvLayer> layers = Vgg16Encoder.LAYERS;
    for (int i = 0; i < layers.size(); i++) {
      Vgg16Encoder.ConvLayer layer = layers.get(i);
      x = l.conv("encoder." + layer.index(), x, 1, Padding.ZEROS, 1, true);
      if (i < layers.size() - 1) {
        x = l.relu(x);
      }
      if (POOL_AFTER.contains(layer.index())) {
        x = l.graph().node("MaxPool", x, OnnxGraph.ints("kernel_shape", 2, 2), OnnxGraph.ints("strides", 2, 2));
      }
    }
    return x;
  }

  /**
   * {@link NetVlad} on NCHW features [N, D, H, W]: soft assignment [N, K, L] (softmax over K),
   * optionally weighted per location by {@code locationWeight} [N, 1, H, W], residuals
   * {@code A X^T - (sum_i a_ik) c_k}, intra-normalisation, cluster-major flatten, L2.
   */
  private static String netVlad(OnnxLayers l, ModelConfig config, String features, String locationWeight) {
    OnnxGraph g = l.graph();
    int k = config.numClusters();
    int d = config.encoderDim();
    long locations = (long) config.featureHeight() * config.featureWidth();
    String xn = l.l2Normalize(features, 1);
    String logits = l.conv(NetVlad.CONV_WEIGHT.replace(".weight", ""), xn, 0, Padding.ZEROS, 1, false);
    String assign = g.node("Softmax", l.reshape(logits, -1, k, locations), OnnxGraph.integer("axis", 1));
    if (locationWeight != null) {
      assign = l.mul(assign, l.reshape(locationWeight, -1, 1, locations));
    }
    String xt = g.node("Transpose", l.reshape(xn, -1, d, locations), OnnxGraph.ints("perm", 0, 2, 1));
    String weighted = g.node("MatMul", List.of(assign, xt));
    String mass = g.node("ReduceSum", List.of(assign, g.longs("axes", 2)), OnnxGraph.integer("keepdims", 1));
    String vlad = l.sub(weighted, l.mul(mass, l.constant(NetVlad.CENTROIDS)));
    vlad = l.l2Normalize(vlad, 2);
    return l.l2Normalize(l.reshape(vlad, -1, (long) k * d), 1);
  }

  /** {@link GlobalPooling}'s GeM: mean(max(x, 1e-6)^p)^(1/p) over H and W. */
  private static String gem(OnnxLayers l, String features) {
    OnnxGraph g = l.graph();
    String p = l.constant(GlobalPooling.GEM_P);
    String clamped = g.node("Max", List.of(features, g.scalar("gem_eps", 1e-6f)));
    String mean = l.spatialMean(g.node("Pow", List.of(clamped, p)), false);
    return g.node("Pow", List.of(mean, g.node("Reciprocal", p)));
  }
}
