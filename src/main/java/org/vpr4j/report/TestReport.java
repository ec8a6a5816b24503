package org.vpr4j.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.Evaluation;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.RunFolder;

/**
 * Writes the result of {@code vpr4j test} into the run folder as JSON (for tools) and Markdown
 * (for people): {@code reports/test-<split>-<checkpoint>.json|md}. Both are written atomically.
 * The HTML page beside them is {@link org.vpr4j.report.TestPage}'s.
 */
public final class TestReport {
  private TestReport() {}

  /** Writes both reports and returns the JSON file. */
  public static Path write(RunFolder run, GraphConfig graph, String checkpoint, PlaceDataset ds,
      Evaluation.Result r) {
    String base = baseName(ds.name(), checkpoint);
    Path json = run.reports().resolve(base + ".json");
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model", graph.name());
    doc.put("checkpoint", checkpoint);
    doc.put("dataset", ds.name());
    doc.put("numDb", r.numDb());
    doc.put("numQ", r.numQ());
    doc.put("queriesWithoutPositives", r.queriesWithoutPositives());
    doc.put("posDistThr", ds.posDistThr());
    doc.put("protocol", Map.of("name", r.protocol().id(), "description", r.protocol().description()));
    doc.put("recall", percent(r.recalls()));
    doc.put("paperRecallPitts30kTest", graph.paperRecall());
    doc.put("extractSeconds", r.extractSeconds());
    doc.put("searchSeconds", r.searchSeconds());
    doc.put("created", Instant.now().toString());
    doc.put("config", graph.model());
    AtomicFiles.write(json, tmp -> GraphConfig.json().writeValue(tmp.toFile(), doc));
    String md = "# " + graph.name() + " on " + ds.name() + "\n\n"
        + "Checkpoint `" + checkpoint + "`; " + r.numDb() + " database images, " + r.numQ() + " queries ("
        + r.queriesWithoutPositives() + " without a database image within " + ds.posDistThr() + " m).\n\n"
        + "Protocol `" + r.protocol().id() + "`: " + r.protocol().description() + " (docs/evaluation.md).\n\n"
        + table(graph.name(), r) + "\n"
        + String.format("Descriptors: %.1f s; search: %.2f s.%n", r.extractSeconds(), r.searchSeconds());
    AtomicFiles.writeString(run.reports().resolve(base + ".md"), md);
    return json;
  }

  /**
   * The file name, without extension, of the reports of one test: {@code test-<split>-<checkpoint>}.
   * The JSON, Markdown and HTML reports all share it.
   */
  public static String baseName(String dataset, String checkpoint) {
    return "test-" + dataset + "-" + checkpoint;
  }

  /** A Markdown table with one row: recall@N in percent for every N. */
  public static String table(String label, Evaluation.Result r) {
    List<Integer> ns = List.copyOf(r.recalls().keySet());
    String[] header = new String[ns.size() + 1];
    Object[] row = new Object[ns.size() + 1];
    header[0] = "model";
    row[0] = label;
    for (int i = 0; i < ns.size(); i++) {
      header[i + 1] = "R@" + ns.get(i);
      row[i + 1] = formatPercent(percent(r.recalls().get(ns.get(i))));
    }
    return new MarkdownTable(header).row(row).render();
  }

  private static Map<String, Double> percent(Map<Integer, Double> recalls) {
    Map<String, Double> out = new LinkedHashMap<>();
    recalls.forEach((n, v) -> out.put(Integer.toString(n), percent(v)));
    return out;
  }

  /** A recall in percent with two decimals, as the JSON report stores it (113 of 400 is 28.25). */
  public static double percent(double fraction) {
    return Math.round(fraction * 10000) / 100.0;
  }

  /**
   * One decimal, from the stored two-decimal percent: the terminal table, the Markdown report and
   * {@code vpr4j compare} then round 28.25 alike (to 28.3), where formatting the raw fraction gave 28.2.
   */
  public static String formatPercent(double percent) {
    return String.format(Locale.ROOT, "%.1f", percent);
  }
}
