package org.vpr4j.interop.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.report.MarkdownTable;

/**
 * What one {@code vpr4j import} did: the source, the network, the tensors taken and left out,
 * and the parity figures. Printed as a short table and stored as JSON in the output folder.
 *
 * @param onnx the imported file
 * @param onnxSha256 its SHA-256, hex
 * @param variant the imported network
 * @param variantSource where the variant came from (option, sidecar, names)
 * @param model a one-line description of the model the weights went into
 * @param graphName the run folder's graph configuration, or null for the segmenter
 * @param tensors how many tensors were imported
 * @param parameters how many scalars they hold
 * @param ignoredKeys checkpoint keys left out (sidecar list plus any the mapping skipped), sorted
 * @param parityImages what the parity check ran on, or null when it was skipped
 * @param parity one entry per compared output; empty when skipped
 * @param notes further remarks (e.g. a check that could not run), in order
 * @param sourceCheckpoint the sidecar's {@code source_checkpoint}, or JSON null
 * @param written the files the import created
 */
public record ImportReport(
    Path onnx,
    String onnxSha256,
    ImportVariant variant,
    String variantSource,
    String model,
    String graphName,
    int tensors,
    long parameters,
    List<String> ignoredKeys,
    String parityImages,
    List<OutputParity> parity,
    List<String> notes,
    JsonNode sourceCheckpoint,
    List<Path> written) {

  /** Whether every compared output agreed within its tolerance (true when nothing was compared). */
  public boolean parityPassed() {
    return parity.stream().allMatch(OutputParity::passed);
  }

  /** The same report with the files written. */
  public ImportReport withWritten(List<Path> files) {
    return new ImportReport(onnx, onnxSha256, variant, variantSource, model, graphName, tensors, parameters,
        ignoredKeys, parityImages, parity, notes, sourceCheckpoint, List.copyOf(files));
  }

  /** A short human-readable summary: what was imported, then the parity figures. */
  public String table() {
    MarkdownTable t = new MarkdownTable("import", "value")
        .row("ONNX file", onnx + " (sha256 " + onnxSha256.substring(0, 12) + "...)")
        .row("variant", variant.id() + " (from " + variantSource + ")")
        .row("model", model + (graphName == null ? "" : ", graph " + graphName))
        .row("tensors", tensors)
        .row("parameters", String.format("%,d", parameters))
        .row("ignored keys", summariseIgnored());
    if (!written.isEmpty()) {
      t.row("written", String.join(", ", written.stream().map(Path::toString).toList()));
    }
    StringBuilder sb = new StringBuilder(t.render());
    sb.append('\n').append(parityTable());
    notes.forEach(n -> sb.append("note: ").append(n).append('\n'));
    return sb.toString();
  }

  /** The parity figures as a table, or a line saying the check was skipped. */
  public String parityTable() {
    if (parityImages == null) {
      return "parity check skipped (--no-parity)\n";
    }
    MarkdownTable t = new MarkdownTable("output", "compared", "images", "max abs diff", "tolerance", "result");
    for (OutputParity p : parity) {
      t.row(p.output(), p.engines(), p.images(), String.format("%.2e", p.maxAbsDiff()),
          String.format("%.2e", p.tolerance()), p.passed() ? "ok" : "FAILED");
    }
    return "parity on " + parityImages + ":\n" + t.render();
  }

  /** The report as indented JSON. */
  public String json() {
    ObjectNode root = GraphConfig.json().createObjectNode();
    root.put("onnx", onnx.toAbsolutePath().toString());
    root.put("onnx_sha256", onnxSha256);
    root.put("variant", variant.id());
    root.put("variant_source", variantSource);
    root.put("model", model);
    if (graphName != null) {
      root.put("graph", graphName);
    }
    root.put("tensors", tensors);
    root.put("parameters", parameters);
    ArrayNode ignored = root.putArray("ignored_keys");
    ignoredKeys.forEach(ignored::add);
    ObjectNode parityNode = root.putObject("parity");
    parityNode.put("checked", parityImages != null);
    if (parityImages != null) {
      parityNode.put("images", parityImages);
      parityNode.put("passed", parityPassed());
      ArrayNode outputs = parityNode.putArray("outputs");
      for (OutputParity p : parity) {
        outputs.addObject()
            .put("output", p.output())
            .put("compared", p.engines())
            .put("images", p.images())
            .put("max_abs_diff", p.maxAbsDiff())
            .put("scale", p.scale())
            .put("tolerance", p.tolerance())
            .put("passed", p.passed());
      }
    }
    ArrayNode notesNode = root.putArray("notes");
    notes.forEach(notesNode::add);
    root.set("source_checkpoint", sourceCheckpoint);
    ArrayNode files = root.putArray("written");
    written.forEach(f -> files.add(f.toString()));
    try {
      return GraphConfig.json().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the import report", e);
    }
  }

  /** e.g. {@code 18 (num_batches_tracked: 4, deattention.crn_downsample: 7, ...)}. */
  String summariseIgnored() {
    if (ignoredKeys.isEmpty()) {
      return "none";
    }
    Map<String, Integer> groups = new TreeMap<>();
    for (String key : ignoredKeys) {
      String group;
      if (key.endsWith("num_batches_tracked")) {
        group = "num_batches_tracked";
      } else {
        String[] parts = key.split("\\.");
        group = parts.length > 2 ? parts[0] + "." + parts[1] : parts[0];
      }
      groups.merge(group, 1, Integer::sum);
    }
    StringBuilder sb = new StringBuilder().append(ignoredKeys.size()).append(" (");
    groups.forEach((g, n) -> sb.append(g).append(": ").append(n).append(", "));
    sb.setLength(sb.length() - 2);
    return sb.append(')').toString();
  }
}
