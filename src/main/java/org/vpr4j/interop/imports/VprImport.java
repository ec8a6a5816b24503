package org.vpr4j.interop.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.interop.OnnxImport;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.FileDigest;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.layers.Params;
import org.vpr4j.onnx.OnnxRuntimeModel;
import org.vpr4j.onnx.OnnxWeights;

/**
 * Imports a VPR network (or torchvision's VGG16 as an encoder) into a new run folder:
 * <pre>
 *   RUN/graph.json                 the variant's graphs/*.json sized like the ONNX file
 *   RUN/checkpoints/imported.h5    the weights, TF layout, with attributes naming the source
 *   RUN/import.json                the import report (tensors, ignored keys, parity)
 * </pre>
 * which {@code test}, {@code train --from imported}, {@code cluster --init RUN} and
 * {@code export} take. For VGG16 the checkpoint holds the encoder only.
 */
public final class VprImport {
  /** The checkpoint name of imported weights. */
  public static final String CHECKPOINT = "imported";
  /** The import report in the run folder. */
  public static final String REPORT = "import.json";

  private static final String VGG_FEATURES = "features.";
  private static final String ENCODER = "encoder.";
  private static final long SYNTHETIC_SEED = 20230501L;

  private VprImport() {}

  static ImportReport run(OnnxModelImport.Request request, OnnxWeights weights, Optional<OnnxSidecar> sidecar,
      OnnxArchitecture arch) {
    Path out = request.out();
    if (Files.exists(out) && !request.force()) {
      throw new VprException("run folder " + out + " exists; pass --force to replace it");
    }
    GraphConfig graph = ImportGraph.configure(arch, request.graph(), request.onnx());
    boolean encoderOnly = arch.variant() == ImportVariant.VGG16_IMAGENET;
    try (InferenceModel tf = new InferenceModel(graph.model(), 0)) {
      OnnxImport.Mapped mapped = map(weights, tf.params(), arch, encoderOnly);
      tf.load(mapped.weights());
      Parity parity = request.parity() ? checkParity(request, sidecar, arch.variant(), tf) : Parity.SKIPPED;
      List<String> notes = new ArrayList<>(parity.notes());
      if (encoderOnly) {
        notes.add("the checkpoint holds the encoder only; NetVLAD gets its weights from 'vpr4j cluster --init " + out + "'");
      }
      ImportReport report = new ImportReport(request.onnx(), FileDigest.sha256(request.onnx()), arch.variant(),
          arch.variantSource(), describe(graph.model(), encoderOnly), graph.name(), mapped.weights().size(),
          count(mapped.weights()), ignoredKeys(sidecar, mapped), parity.images(), parity.outputs(), notes,
          sidecar.map(OnnxSidecar::sourceCheckpoint).orElse(NullNode.getInstance()), List.of());
      if (!report.parityPassed()) {
        throw new VprException("parity check failed for " + request.onnx() + "; nothing was written to " + out
            + ". ONNX Runtime vs TensorFlow differing means vpr4j's model or the graph configuration does not match"
            + " the file; ONNX Runtime vs PyTorch differing means the file no longer matches the checkpoint it was"
            + " converted from.\n" + report.parityTable());
      }
      return write(out, graph, mapped.weights(), attributes(request, report, sidecar, graph), report);
    }
  }

  /** What the parity check compared, on which images, and what it could not check. */
  private record Parity(List<OutputParity> outputs, String images, List<String> notes) {
    static final Parity SKIPPED = new Parity(List.of(), null, List.of());
  }

  /** ONNX Runtime against TensorFlow on the parity images, then against PyTorch's reference outputs if present. */
  private static Parity checkParity(OnnxModelImport.Request request, Optional<OnnxSidecar> sidecar,
      ImportVariant variant, InferenceModel tf) {
    ModelConfig config = tf.config();
    ParityImages images = request.dataset() != null
        ? ParityImages.fromDataset(request.dataset(), request.parityImages(), config.inputWidth(), config.inputHeight())
        : ParityImages.synthetic(request.parityImages(), config.inputWidth(), config.inputHeight(), SYNTHETIC_SEED);
    Optional<Path> reference = OnnxModelImport.referenceFile(request.onnx(), sidecar);
    List<OutputParity> outputs = new ArrayList<>();
    try (OnnxRuntimeModel ort = OnnxRuntimeModel.open(request.onnx())) {
      outputs.addAll(ParityCheck.onnxVsTensorflow(ort, tf, variant, images, request.tolerance()));
      if (reference.isEmpty()) {
        return new Parity(outputs, images.description(), List.of("no PyTorch reference outputs next to "
            + request.onnx().getFileName() + ", so ONNX Runtime was compared with TensorFlow only"));
      }
      ReferenceOutputs ref = ReferenceOutputs.read(reference.get());
      outputs.addAll(ParityCheck.onnxVsPytorch(ort, ref, request.tolerance()));
      return new Parity(outputs, images.description() + "; PyTorch reference: " + ref.count() + " images "
          + ref.width() + "x" + ref.height() + " from " + ref.file().getFileName(), List.of());
    }
  }

  /** Writes the run folder through a temporary sibling; returns the report listing the files. */
  private static ImportReport write(Path out, GraphConfig graph, Map<String, FloatArray> weights,
      Map<String, String> attributes, ImportReport report) {
    ImportReport[] written = new ImportReport[1];
    AtomicFiles.writeFolder(out, tmp -> {
      RunFolder run = graph.createRun(tmp);
      run.writeCheckpoint(CHECKPOINT, weights, attributes);
      Path reportFile = tmp.resolve(REPORT);
      written[0] = report.withWritten(Stream.of(tmp.resolve(RunFolder.GRAPH), run.checkpoint(CHECKPOINT), reportFile)
          .map(p -> out.resolve(tmp.relativize(p))).toList());
      AtomicFiles.writeString(reportFile, written[0].json());
    });
    return written[0];
  }

  private static OnnxImport.Mapped map(OnnxWeights weights, Params params, OnnxArchitecture arch, boolean encoderOnly) {
    UnaryOperator<String> rename = encoderOnly
        ? name -> name.startsWith(VGG_FEATURES) ? ENCODER + name.substring(VGG_FEATURES.length()) : name
        : UnaryOperator.identity();
    Predicate<String> needed = encoderOnly ? name -> name.startsWith(ENCODER) : name -> true;
    Predicate<String> ignorable = encoderOnly ? name -> name.startsWith("classifier.") : name -> false;
    try {
      return OnnxImport.map(weights, params, rename, needed, ignorable);
    } catch (VprException e) {
      throw new VprException(e.getMessage() + arch.mismatchHint(), e);
    }
  }

  private static String describe(ModelConfig m, boolean encoderOnly) {
    String encoder = "VGG16 x" + m.width() + " (encoder dim " + m.encoderDim() + ")";
    if (encoderOnly) {
      return encoder + ", input " + m.inputWidth() + "x" + m.inputHeight();
    }
    return encoder + " + NetVLAD " + m.numClusters() + " clusters, attentions " + m.attentions() + ", input "
        + m.inputWidth() + "x" + m.inputHeight();
  }

  private static long count(Map<String, FloatArray> weights) {
    return weights.values().stream().mapToLong(a -> a.data().length).sum();
  }

  private static List<String> ignoredKeys(Optional<OnnxSidecar> sidecar, OnnxImport.Mapped mapped) {
    TreeSet<String> keys = new TreeSet<>(mapped.ignored());
    sidecar.ifPresent(s -> keys.addAll(s.ignoredKeys()));
    return List.copyOf(keys);
  }

  private static Map<String, String> attributes(OnnxModelImport.Request request, ImportReport report,
      Optional<OnnxSidecar> sidecar, GraphConfig graph) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("source", "vpr4j import of an ONNX file (weights-import/convert_to_onnx.py)");
    a.put("source_onnx", request.onnx().toAbsolutePath().toString());
    a.put("source_onnx_sha256", report.onnxSha256());
    a.put("variant", report.variant().id());
    a.put("graph", graph.name());
    JsonNode source = sidecar.map(OnnxSidecar::sourceCheckpoint).orElse(NullNode.getInstance());
    if (source.hasNonNull("path")) {
      a.put("source_checkpoint", source.get("path").asText());
    }
    if (source.hasNonNull("sha256")) {
      a.put("source_checkpoint_sha256", source.get("sha256").asText());
    }
    a.put("parity", report.parityImages() == null ? "not checked" : "passed on " + report.parityImages());
    return a;
  }
}
