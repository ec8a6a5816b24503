package org.vpr4j.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An HTML table of recall@N in percent: one row per model, one column per N, and optionally a
 * row under a model with the paper's numbers (in italics) so the two can be read side by side.
 */
public final class RecallTable {
  private record Row(String label, String dataset, Map<Integer, Double> percent, boolean paper) {}

  private final List<Integer> ns;
  private final List<Row> rows = new ArrayList<>();

  /** A table with a column for each of {@code ns}. */
  public RecallTable(List<Integer> ns) {
    this.ns = List.copyOf(ns);
  }

  /** A measured row; N missing from {@code percent} show as a dash. */
  public RecallTable row(String label, String dataset, Map<Integer, Double> percent) {
    rows.add(new Row(label, dataset, percent, false));
    return this;
  }

  /** A row of published numbers. */
  public RecallTable paperRow(String label, String dataset, Map<Integer, Double> percent) {
    rows.add(new Row(label, dataset, percent, true));
    return this;
  }

  public String html() {
    StringBuilder out = new StringBuilder("<table class=\"numbers\">\n<tr><th>model</th><th>dataset</th>");
    for (int n : ns) {
      out.append("<th>R@").append(n).append("</th>");
    }
    out.append("</tr>\n");
    for (Row r : rows) {
      out.append(r.paper() ? "<tr class=\"paper\">" : "<tr>")
          .append("<td class=\"label\">").append(Html.escape(r.label())).append("</td>")
          .append("<td class=\"label\">").append(Html.escape(r.dataset())).append("</td>");
      for (int n : ns) {
        Double v = r.percent().get(n);
        out.append("<td>").append(v == null ? "&ndash;" : Html.percent(v)).append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.append("</table>\n").toString();
  }
}
