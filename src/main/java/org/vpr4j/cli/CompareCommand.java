package org.vpr4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.report.ComparePage;
import org.vpr4j.report.MarkdownTable;
import org.vpr4j.report.TestReport;

/** {@code vpr4j compare}: test reports side by side, with the paper's numbers where known. */
final class CompareCommand implements Command {
  @Override
  public String name() {
    return "compare";
  }

  @Override
  public String summary() {
    return "print test reports (reports/test-*.json) side by side as one recall table (also as HTML with a plot)";
  }

  @Override
  public OptionSet options() {
    return new OptionSet()
        .required("reports", "LIST", "comma-separated test report JSON files")
        .value("labels", "LIST", null, "comma-separated row labels (default: model and checkpoint of each report)")
        .value("recall-at", "LIST", "1,5,10", "the N of recall@N to show")
        .value("out", "FILE", null, "also write the table to this Markdown file")
        .value("html", "FILE", null, "also write an HTML page: the table beside the paper's numbers and one recall@N"
            + " plot with a curve per report")
        .value("title", "TEXT", "Recall@N comparison", "title of the HTML page and its plot");
  }

  @Override
  public int run(Args args) {
    List<String> files = args.strings("reports");
    List<String> labels = args.strings("labels");
    if (!labels.isEmpty() && labels.size() != files.size()) {
      throw new VprException("compare: " + labels.size() + " labels for " + files.size() + " reports");
    }
    List<Integer> ns = args.integers("recall-at");
    List<String> header = new ArrayList<>(List.of("model", "dataset"));
    ns.forEach(n -> header.add("R@" + n));
    header.add("paper R@1 / R@5 (Pitts30k test)");
    MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
    List<ComparePage.Entry> entries = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      JsonNode r = read(Path.of(files.get(i)));
      String label = labels.isEmpty() ? r.path("model").asText() + " (" + r.path("checkpoint").asText() + ")"
          : labels.get(i);
      String dataset = datasetAndProtocol(r);
      entries.add(new ComparePage.Entry(label, dataset, byN(r.path("recall")),
          byN(r.path("paperRecallPitts30kTest"))));
      List<Object> row = new ArrayList<>();
      row.add(label);
      row.add(dataset);
      for (int n : ns) {
        JsonNode v = r.path("recall").path(Integer.toString(n));
        row.add(v.isMissingNode() ? "-" : TestReport.formatPercent(v.asDouble()));
      }
      JsonNode paper = r.path("paperRecallPitts30kTest");
      row.add(paper.has("1") ? paper.get("1").asDouble() + " / " + paper.path("5").asDouble() : "-");
      table.row(row.toArray());
    }
    String md = table.render();
    System.out.print(md);
    if (args.string("out") != null) {
      AtomicFiles.writeString(args.path("out"), md);
    }
    if (args.string("html") != null) {
      ComparePage.write(args.path("html"), args.string("title"), entries, ns);
      System.out.println("HTML: " + args.path("html"));
    }
    return 0;
  }

  /** The dataset, followed by the evaluation protocol when it is not the plain one (docs/evaluation.md). */
  private static String datasetAndProtocol(JsonNode report) {
    String protocol = report.path("protocol").path("name").asText("plain");
    String dataset = report.path("dataset").asText();
    return protocol.equals("plain") ? dataset : dataset + " (" + protocol + ")";
  }

  /** A report's {@code {"1": 85.2, ...}} object as recall by N; keys that are not whole numbers are skipped. */
  private static SortedMap<Integer, Double> byN(JsonNode recall) {
    SortedMap<Integer, Double> out = new TreeMap<>();
    recall.fields().forEachRemaining(e -> {
      try {
        out.put(Integer.parseInt(e.getKey()), e.getValue().asDouble());
      } catch (NumberFormatException ignored) {
        // vpr4j writes only N keys; anything else is not a point of the curve
      }
    });
    return out;
  }

  private static JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new VprException("test report " + file + " does not exist");
    }
    try {
      JsonNode n = GraphConfig.json().readTree(file.toFile());
      if (!n.has("recall")) {
        throw new VprException("test report " + file + " has no 'recall' field (not a vpr4j test report)");
      }
      return n;
    } catch (IOException e) {
      throw new VprException("test report " + file + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
