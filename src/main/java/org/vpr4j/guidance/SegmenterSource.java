package org.vpr4j.guidance;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.onnx.FloatTensorData;
import org.vpr4j.onnx.ImagenetInput;
import org.vpr4j.onnx.OnnxRuntimeModel;

/**
 * Train ids predicted by a Cityscapes segmentation model run with ONNX Runtime, as the reference
 * runs its DeepLabV3+ (SPEC §4.1, §4.3): the images at the network's input size, ImageNet
 * normalised, input {@code image} [B, 3, H, W], output {@code logits} [B, 19, H, W], argmax over
 * the classes (the first maximum on ties, as torch).
 */
public final class SegmenterSource implements TrainIdSource {
  public static final String INPUT = "image";
  public static final String OUTPUT = "logits";

  private final OnnxRuntimeModel model;
  private final int batchSize;
  private long images;
  private long nanos;

  /** Opens the model file and checks its interface. */
  public static SegmenterSource open(Path onnxFile, int batchSize) {
    OnnxRuntimeModel model = OnnxRuntimeModel.open(onnxFile);
    try {
      model.requireInputs(INPUT);
      model.requireOutputs(OUTPUT);
      return new SegmenterSource(model, batchSize);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private SegmenterSource(OnnxRuntimeModel model, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size " + batchSize);
    }
    this.model = model;
    this.batchSize = batchSize;
  }

  @Override
  public String name() {
    String file = model.file().getFileName().toString();
    String stem = file.toLowerCase(Locale.ROOT).endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
    return "segmenter-" + stem.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** The model's bytes and the images' names, sizes and times. */
  @Override
  public String fingerprint(List<Path> images) {
    return new Fingerprints().text("segmenter-v1").content(model.file()).files(images).hex();
  }

  @Override
  public byte[] trainIds(List<Path> files, int width, int height) {
    byte[] out = new byte[files.size() * width * height];
    try (ImageBatches batches = new ImageBatches(files, width, height, batchSize)) {
      while (batches.hasNext()) {
        ImageBatches.Batch b = batches.next();
        System.arraycopy(segment(b.pixels(), b.size(), width, height), 0, out, b.start() * width * height,
            b.size() * width * height);
      }
    }
    return out;
  }

  /** Train ids [n, height, width] of {@code n} uint8 NHWC RGB images. */
  public byte[] segment(byte[] pixels, int n, int width, int height) {
    FloatTensorData input = ImagenetInput.fromUint8Nhwc(pixels, n, height, width);
    long start = System.nanoTime();
    FloatTensorData logits = model.run(Map.of(INPUT, input), List.of(OUTPUT)).get(OUTPUT);
    nanos += System.nanoTime() - start;
    images += n;
    long[] dims = logits.dims();
    if (dims.length != 4 || dims[0] != n || dims[1] != CityscapesClass.COUNT || dims[2] != height
        || dims[3] != width) {
      throw new VprException("segmentation model " + model.file() + " returned logits of shape "
          + logits.shapeString() + " for " + n + " images of " + width + "x" + height + "; expected ["
          + n + ", " + CityscapesClass.COUNT + ", " + height + ", " + width + "]");
    }
    return argmax(logits.values(), n, height * width);
  }

  /** Per pixel, the class with the largest logit; the first one wins a tie. */
  static byte[] argmax(float[] logits, int n, int plane) {
    byte[] ids = new byte[n * plane];
    int classes = CityscapesClass.COUNT;
    for (int b = 0; b < n; b++) {
      int base = b * classes * plane;
      for (int p = 0; p < plane; p++) {
        int best = 0;
        float max = logits[base + p];
        for (int c = 1; c < classes; c++) {
          float v = logits[base + c * plane + p];
          if (v > max) {
            max = v;
            best = c;
          }
        }
        ids[b * plane + p] = (byte) best;
      }
    }
    return ids;
  }

  @Override
  public double secondsPerImage() {
    return images == 0 ? 0 : nanos / 1e9 / images;
  }

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "segmentation model " + model.file();
  }
}
