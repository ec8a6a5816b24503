package org.vpr4j.interop.imports;

import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vpr4j.VprException;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.FileDigest;
import org.vpr4j.onnx.FloatTensorData;
import org.vpr4j.onnx.ImagenetInput;
import org.vpr4j.onnx.OnnxNames;
import org.vpr4j.onnx.OnnxRuntimeModel;
import org.vpr4j.onnx.OnnxWeights;

/**
 * Imports the DeepLabV3+ MobileNetV2 segmenter for semantic guidance. vpr4j runs it through ONNX
 * Runtime as it is, so the import validates the file (DeepLab's weight names, input
 * {@code image} [B,3,H,W], output {@code logits} [B,19,H,W] at the input size), checks ONNX
 * Runtime against PyTorch's reference logits, and copies it to {@link SegmenterFiles#onnx}: into
 * an existing run folder, or into a new folder.
 */
public final class SegmenterImport {
  /** Cityscapes train ids the segmenter scores. */
  public static final int CLASSES = 19;

  /** Size of the image that checks the output shape when the parity check is off. */
  private static final int CHECK_SIZE = 64;

  private SegmenterImport() {}

  static ImportReport run(OnnxModelImport.Request request, OnnxWeights weights, Optional<OnnxSidecar> sidecar,
      OnnxArchitecture arch) {
    if (arch.namesSay() != ImportVariant.SEGMENTER) {
      throw new VprException(request.onnx() + " does not hold the DeepLabV3+ segmenter: it has "
          + ImportVariant.describeRoots(weights.names()) + " (expected backbone, classifier)" + arch.mismatchHint());
    }
    Path out = request.out();
    Path target = SegmenterFiles.onnx(out);
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new VprException("--out " + out + " is a file; the segmenter goes into a (run) folder");
    }
    if (Files.exists(target) && !request.force()) {
      throw new VprException(target + " exists; pass --force to replace it");
    }
    List<OutputParity> parity = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String imagesUsed = null;
    try (OnnxRuntimeModel ort = OnnxRuntimeModel.open(request.onnx())) {
      checkSignature(ort);
      if (request.parity()) {
        ReferenceOutputs reference = readReference(request.onnx(), sidecar);
        FloatTensorData expected = reference.outputs().get(OnnxNames.LOGITS);
        FloatTensorData actual = runLogits(ort, reference.pixels(), reference.count(), reference.height(),
            reference.width());
        parity.add(OutputParity.compare(OnnxNames.LOGITS, ParityCheck.ORT_VS_TORCH, reference.count(), expected.values(),
            actual.values(), request.tolerance()));
        imagesUsed = reference.count() + " PyTorch reference image(s) " + reference.width() + "x" + reference.height()
            + " from " + reference.file().getFileName();
        notes.add(String.format("argmax class agrees with PyTorch on %.4f%% of the pixels",
            100 * argmaxAgreement(actual, expected)));
      } else {
        // Without reference logits, one run still proves the output has the segmenter's shape.
        byte[] gray = new byte[CHECK_SIZE * CHECK_SIZE * 3];
        Arrays.fill(gray, (byte) 128);
        runLogits(ort, gray, 1, CHECK_SIZE, CHECK_SIZE);
      }
    }
    if (request.dataset() != null) {
      notes.add("dataset images are not used for the segmenter: PyTorch reference logits exist only for the converter's images");
    }
    long parameters = weights.names().stream().mapToLong(n -> weights.get(n).values().length).sum();
    ImportReport report = new ImportReport(request.onnx(), FileDigest.sha256(request.onnx()), arch.variant(),
        arch.variantSource(), "DeepLabV3+ MobileNetV2, " + CLASSES + " Cityscapes classes (ONNX Runtime)", null,
        weights.size(), parameters, sidecar.map(OnnxSidecar::ignoredKeys).orElse(List.of()), imagesUsed, parity, notes,
        sidecar.map(OnnxSidecar::sourceCheckpoint).orElse(NullNode.getInstance()), List.of());
    if (!report.parityPassed()) {
      throw new VprException("parity check failed: ONNX Runtime's logits for " + request.onnx()
          + " differ from PyTorch's beyond the tolerance; nothing was written to " + out + "\n" + report.parityTable());
    }
    return write(request.onnx(), out, report);
  }

  private static ReferenceOutputs readReference(Path onnx, Optional<OnnxSidecar> sidecar) {
    Path file = OnnxModelImport.referenceFile(onnx, sidecar).orElseThrow(() -> new VprException(
        "no PyTorch reference outputs for " + onnx + " (expected " + ReferenceOutputs.pathFor(onnx)
            + "): convert the checkpoint with weights-import/convert_to_onnx.py, which writes them by default,"
            + " or pass --no-parity"));
    ReferenceOutputs reference = ReferenceOutputs.read(file);
    if (!reference.outputs().containsKey(OnnxNames.LOGITS)) {
      throw new VprException("reference outputs " + file + " hold no 'logits'; they are not a segmenter's");
    }
    return reference;
  }

  /** Copies the file into {@code out}: a new folder is written whole, an existing one gains two files. */
  private static ImportReport write(Path onnx, Path out, ImportReport report) {
    ImportReport written = report.withWritten(List.of(SegmenterFiles.onnx(out), out.resolve(SegmenterFiles.REPORT)));
    if (Files.isDirectory(out)) {
      // An existing (run) folder keeps its contents; each file is replaced atomically.
      AtomicFiles.write(SegmenterFiles.onnx(out), tmp -> Files.copy(onnx, tmp, StandardCopyOption.REPLACE_EXISTING));
      AtomicFiles.writeString(out.resolve(SegmenterFiles.REPORT), written.json());
    } else {
      AtomicFiles.writeFolder(out, tmp -> {
        Files.copy(onnx, SegmenterFiles.onnx(tmp));
        AtomicFiles.writeString(tmp.resolve(SegmenterFiles.REPORT), written.json());
      });
    }
    return written;
  }

  /** Input {@code image} of rank 4 with 3 channels, output {@code logits}. */
  private static void checkSignature(OnnxRuntimeModel ort) {
    ort.requireInputs(OnnxNames.IMAGE);
    ort.requireOutputs(OnnxNames.LOGITS);
    long[] input = ort.inputShape(OnnxNames.IMAGE);
    if (input.length != 4 || (input[1] != 3 && input[1] != -1)) {
      throw new VprException("input 'image' of " + ort.file() + " has shape " + Arrays.toString(input)
          + " (-1 = any size); the segmenter takes [B, 3, H, W]");
    }
  }

  /** Runs uint8 NHWC images and checks that the logits are [n, 19, h, w]. */
  private static FloatTensorData runLogits(OnnxRuntimeModel ort, byte[] pixels, int n, int h, int w) {
    FloatTensorData input = ImagenetInput.fromUint8Nhwc(pixels, n, h, w);
    FloatTensorData logits = ort.run(Map.of(OnnxNames.IMAGE, input), List.of(OnnxNames.LOGITS)).get(OnnxNames.LOGITS);
    long[] expected = {n, CLASSES, h, w};
    if (!Arrays.equals(logits.dims(), expected)) {
      throw new VprException(ort.file() + " gives 'logits' of shape " + logits.shapeString() + " for " + n + " image(s) of "
          + w + "x" + h + "; a Cityscapes segmenter gives " + Arrays.toString(expected));
    }
    return logits;
  }

  /** The fraction of pixels whose highest-scoring class is the same in both [N, C, H, W] logit arrays. */
  static double argmaxAgreement(FloatTensorData a, FloatTensorData b) {
    long[] d = a.dims();
    int n = (int) d[0];
    int c = (int) d[1];
    int plane = (int) (d[2] * d[3]);
    long same = 0;
    for (int img = 0; img < n; img++) {
      int base = img * c * plane;
      for (int p = 0; p < plane; p++) {
        if (argmax(a.values(), base + p, c, plane) == argmax(b.values(), base + p, c, plane)) {
          same++;
        }
      }
    }
    return same / (double) (n * plane);
  }

  private static int argmax(float[] v, int start, int count, int stride) {
    int best = 0;
    for (int k = 1; k < count; k++) {
      if (v[start + k * stride] > v[start + best * stride]) {
        best = k;
      }
    }
    return best;
  }
}
