package org.vpr4j.interop.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.vpr4j.VprException;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.onnx.OnnxWeights;

/**
 * Imports a model that {@code weights-import/convert_to_onnx.py} converted: a VPR network becomes
 * a run folder with the imported weights (see {@link VprImport}), the segmenter is stored for
 * semantic guidance (see {@link SegmenterImport}). Every check (names, shapes, NaN, parity) runs
 * before anything is written, and output is written through a temporary sibling, so a failed
 * import leaves no trace.
 */
public final class OnnxModelImport {

  /**
   * One import.
   *
   * @param onnx the ONNX file
   * @param out the run folder to create (or, for the segmenter, to add it to)
   * @param variant {@code auto} or a variant name
   * @param graph the graph configuration to use instead of the variant's {@code graphs/*.json}, or null
   * @param parity whether to run the parity check
   * @param parityImages how many images the ONNX-vs-TensorFlow check uses
   * @param dataset a split whose images the check uses instead of synthetic ones, or null
   * @param tolerance relative tolerance of the parity check, see {@link OutputParity}
   * @param force replace an existing run folder (or segmenter)
   */
  public record Request(Path onnx, Path out, String variant, Path graph, boolean parity, int parityImages,
      PlaceDataset dataset, double tolerance, boolean force) {

    public Request {
      if (!(tolerance > 0)) {
        throw new VprException("--tolerance " + tolerance + " must be positive");
      }
      if (parityImages < 1) {
        throw new VprException("--parity-images " + parityImages + " must be at least 1");
      }
    }
  }

  private OnnxModelImport() {}

  /** Runs the import; returns the report (already written to the output folder). */
  public static ImportReport run(Request request) {
    OnnxWeights weights = OnnxWeights.read(request.onnx());
    Optional<OnnxSidecar> sidecar = OnnxSidecar.readFor(request.onnx());
    OnnxArchitecture arch = OnnxArchitecture.resolve(weights, sidecar, request.variant());
    if (arch.variant() == ImportVariant.SEGMENTER) {
      return SegmenterImport.run(request, weights, sidecar, arch);
    }
    return VprImport.run(request, weights, sidecar, arch);
  }

  /**
   * The reference outputs to check against: the file the sidecar names, else
   * {@code MODEL.onnx.reference.h5} if it exists; empty when there are none.
   */
  static Optional<Path> referenceFile(Path onnx, Optional<OnnxSidecar> sidecar) {
    Optional<Path> named = sidecar.map(OnnxSidecar::referenceFile);
    if (named.isPresent()) {
      if (!Files.isRegularFile(named.get())) {
        throw new VprException("ONNX sidecar " + sidecar.get().file() + " names reference outputs " + named.get()
            + ", which do not exist; keep them next to the ONNX file, or pass --no-parity");
      }
      return named;
    }
    Path fallback = ReferenceOutputs.pathFor(onnx);
    return Files.isRegularFile(fallback) ? Optional.of(fallback) : Optional.empty();
  }
}
