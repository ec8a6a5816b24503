package org.vpr4j.report;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import org.vpr4j.io.AtomicFiles;

/**
 * The page of {@code vpr4j compare --html}: several test reports in one recall table, each model
 * followed by the paper's numbers for it where the paper has them, and one recall@N plot with a
 * curve per report (and a dashed one per set of paper numbers). The plot is embedded as a data URI, so the page is a single file.
 */
public final class ComparePage {
  /**
   * One test report.
   *
   * @param recallPercent measured recall@N in percent
   * @param paperPercent the paper's Pitts30k-test recall@N in percent; empty when it has none
   */
  public record Entry(String label, String dataset, SortedMap<Integer, Double> recallPercent,
      SortedMap<Integer, Double> paperPercent) {}

  private ComparePage() {}

  /** Writes {@code file} atomically; the table shows the N of {@code ns}, the plot every N of each report. */
  public static void write(Path file, String title, List<Entry> entries, List<Integer> ns) {
    AtomicFiles.writeString(file, render(title, entries, ns));
  }

  static String render(String title, List<Entry> entries, List<Integer> ns) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("nothing to compare");
    }
    RecallTable table = new RecallTable(ns);
    RecallPlot plot = new RecallPlot(title);
    Set<String> names = new HashSet<>();
    for (Entry e : entries) {
      table.row(e.label(), e.dataset(), e.recallPercent());
      if (!e.paperPercent().isEmpty()) {
        table.paperRow("paper: " + e.label(), "pitts30k_test", e.paperPercent());
      }
      if (!e.recallPercent().isEmpty()) {
        plot.curve(unique(e.label(), names), e.recallPercent());
      }
      if (!e.paperPercent().isEmpty()) {
        plot.curve(unique("paper: " + e.label(), names), e.paperPercent());
      }
    }
    StringBuilder body = new StringBuilder();
    body.append("<p class=\"meta\">Recall@N in percent. Rows in italics are the numbers the paper reports for")
        .append(" the same model on Pitts30k test.</p>\n").append(table.html());
    if (plot.size() > 0) {
      body.append("<h2>Recall@N</h2>\n<p><img class=\"plot\" src=\"")
          .append(Thumbnails.pngDataUri(plot.png(900, 540))).append("\" alt=\"recall@N plot\"></p>\n");
    }
    return Html.page(title, body.toString());
  }

  /** XChart needs distinct series names: a repeated label gets " (2)", " (3)", ... */
  private static String unique(String label, Set<String> taken) {
    String name = label;
    for (int i = 2; !taken.add(name); i++) {
      name = label + " (" + i + ")";
    }
    return name;
  }
}
