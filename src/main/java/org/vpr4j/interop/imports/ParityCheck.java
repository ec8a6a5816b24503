package org.vpr4j.interop.imports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.onnx.FloatTensorData;
import org.vpr4j.onnx.ImagenetInput;
import org.vpr4j.onnx.OnnxNames;
import org.vpr4j.onnx.OnnxRuntimeModel;

/**
 * Runs an ONNX model in ONNX Runtime next to another source of the same outputs and measures the
 * differences: the imported TensorFlow model on the same images, or PyTorch's stored reference
 * outputs. ONNX gives spatial outputs in NCHW, vpr4j's TensorFlow model in NHWC; the de-attention
 * mask has one channel, so [B, 1, h, w] and [B, h, w, 1] hold the same sequence of values.
 */
final class ParityCheck {
  static final String ORT_VS_TF = "onnxruntime vs tensorflow";
  static final String ORT_VS_TORCH = "onnxruntime vs pytorch";

  private ParityCheck() {}

  /**
   * Compares what both engines compute from {@code images}: the descriptor and the de-attention
   * mask of a VPR variant, the encoder features (conv5_3 before its ReLU) of plain VGG16.
   */
  static List<OutputParity> onnxVsTensorflow(OnnxRuntimeModel ort, InferenceModel tf, ImportVariant variant,
      ParityImages images, double relativeTolerance) {
    ModelConfig config = tf.config();
    int n = images.count();
    int h = config.featureHeight();
    int w = config.featureWidth();
    List<String> wanted = new ArrayList<>();
    if (variant.hasDescriptor()) {
      wanted.add(OnnxNames.DESCRIPTOR);
      if (variant.hasMask()) {
        wanted.add(OnnxNames.MASK);
      }
    } else {
      wanted.add(OnnxNames.FEATURES);
    }
    FloatTensorData input = ImagenetInput.fromUint8Nhwc(images.pixels(), n, images.height(), images.width());
    Map<String, FloatTensorData> onnx = ort.run(Map.of(OnnxNames.IMAGE, input), wanted);
    InferenceModel.AllOutputs ours = tf.all(images.pixels(), n);

    List<OutputParity> results = new ArrayList<>();
    if (variant.hasDescriptor()) {
      FloatTensorData d = requireShape(ort, onnx, OnnxNames.DESCRIPTOR, n, config.descriptorDim());
      results.add(OutputParity.compare(OnnxNames.DESCRIPTOR, ORT_VS_TF, n, d.values(), ours.descriptor(),
          relativeTolerance));
      if (variant.hasMask()) {
        FloatTensorData m = requireShape(ort, onnx, OnnxNames.MASK, n, 1, h, w);
        results.add(OutputParity.compare(OnnxNames.MASK, ORT_VS_TF, n, m.values(), ours.mask(), relativeTolerance));
      }
    } else {
      int dim = config.encoderDim();
      FloatTensorData f = requireShape(ort, onnx, OnnxNames.FEATURES, n, dim, h, w);
      results.add(OutputParity.compare(OnnxNames.FEATURES, ORT_VS_TF, n, OutputParity.nchwToNhwc(f.values(), n, dim, h, w),
          ours.encoderFeatures(), relativeTolerance));
    }
    return results;
  }

  /** Compares every output PyTorch stored in {@code reference} with ONNX Runtime's on the same images. */
  static List<OutputParity> onnxVsPytorch(OnnxRuntimeModel ort, ReferenceOutputs reference, double relativeTolerance) {
    FloatTensorData input = ImagenetInput.fromUint8Nhwc(reference.pixels(), reference.count(), reference.height(),
        reference.width());
    List<String> names = List.copyOf(reference.outputs().keySet());
    for (String name : names) {
      if (!ort.outputNames().contains(name)) {
        throw new VprException("reference outputs " + reference.file() + " hold '" + name + "', which " + ort.file()
            + " does not compute (its outputs are " + ort.outputNames() + "); they belong to another model");
      }
    }
    Map<String, FloatTensorData> onnx = ort.run(Map.of(OnnxNames.IMAGE, input), names);
    List<OutputParity> results = new ArrayList<>();
    for (String name : names) {
      FloatTensorData expected = reference.outputs().get(name);
      FloatTensorData actual = onnx.get(name);
      if (!Arrays.equals(expected.dims(), actual.dims())) {
        throw new VprException("parity check (" + ORT_VS_TORCH + "): " + ort.file() + " gives '" + name + "' of shape "
            + actual.shapeString() + ", the reference outputs " + reference.file() + " have " + expected.shapeString());
      }
      results.add(OutputParity.compare(name, ORT_VS_TORCH, reference.count(), expected.values(), actual.values(),
          relativeTolerance));
    }
    return results;
  }

  private static FloatTensorData requireShape(OnnxRuntimeModel ort, Map<String, FloatTensorData> outputs, String name,
      long... dims) {
    FloatTensorData t = outputs.get(name);
    if (!Arrays.equals(t.dims(), dims)) {
      throw new VprException("parity check: " + ort.file() + " gives '" + name + "' of shape " + t.shapeString()
          + ", the imported model's is " + Arrays.toString(dims) + "; the ONNX file and the graph configuration"
          + " describe different models");
    }
    return t;
  }
}
