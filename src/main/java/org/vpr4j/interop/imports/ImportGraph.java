package org.vpr4j.interop.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.vpr4j.VprException;
import org.vpr4j.config.Attention;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Pooling;
import org.vpr4j.config.ShippedGraphs;

/**
 * The experiment configuration an imported model gets: the {@code graphs/*.json} of its table
 * row (or the user's {@code --graph}) with the width, clusters, input size and de-attention options
 * of the ONNX file, so that the run folder's model has exactly the imported weights' shapes.
 */
public final class ImportGraph {
  private ImportGraph() {}

  /** The default graph file of a variant: the shipped {@code graphs/<name>.json}. */
  public static Path defaultFile(ImportVariant variant) {
    return ShippedGraphs.named(variant.graphName());
  }

  /**
   * Reads {@code graphFile} (null: the variant's default) and fits its model to the ONNX file.
   * A graph whose attention modules differ from the file's network is refused, since its weights
   * could not be loaded.
   */
  public static GraphConfig configure(OnnxArchitecture arch, Path graphFile, Path onnx) {
    Path file = graphFile != null ? graphFile : defaultFile(arch.variant());
    if (graphFile == null && !Files.isRegularFile(file)) {
      throw new VprException("graph config " + file.toAbsolutePath() + " for variant '" + arch.variant().id()
          + "' does not exist; run scripts/vpr4j (which tells vpr4j where its graphs/ folder is), run from the"
          + " project root, or pass --graph FILE");
    }
    GraphConfig graph = GraphConfig.read(file);
    ModelConfig m = graph.model();
    if (arch.variant().hasDescriptor()) {
      Set<Attention> wanted = Set.copyOf(arch.variant().attentions());
      if (!Set.copyOf(m.attentions()).equals(wanted) || m.pooling() != Pooling.NETVLAD) {
        throw new VprException("graph config " + file + " builds " + m.pooling() + " pooling with attentions "
            + m.attentions() + ", but " + onnx + " holds a '" + arch.variant().id() + "' model (netvlad pooling,"
            + " attentions " + arch.variant().attentions() + "); pass a matching --graph");
      }
    }
    m = arch.sized(m);
    if (arch.inputWidth() != null && arch.inputHeight() != null) {
      m = m.withInputSize(arch.inputWidth(), arch.inputHeight());
    }
    if (arch.variant().hasMask()) {
      m = m.withAttentions(m.attentions(), arch.deattentionVersion(), arch.deattentionPadding(), m.bamPooling(),
          m.maskWeightedNetVlad());
    }
    String note = "Weights imported from " + onnx.getFileName() + " (" + arch.variant().id() + "). ";
    return new GraphConfig(graph.name(), note + graph.description(), m, graph.training(), graph.paperRecall());
  }
}
