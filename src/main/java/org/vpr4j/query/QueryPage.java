package org.vpr4j.query;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.report.Html;
import org.vpr4j.report.RetrievalGallery;
import org.vpr4j.report.Thumbnails;

/**
 * The query results as one self-contained HTML page: each query beside its top matches, with
 * thumbnails embedded as data URIs so the page opens from disk anywhere. Only the first
 * {@code maxQueries} queries are drawn (a Pitts30k query set would make a page of hundreds of
 * megabytes); the JSON beside it has them all.
 */
public final class QueryPage {
  private QueryPage() {}

  /** Writes {@code file} atomically. */
  public static void write(Path file, QueryResults r, int maxQueries) {
    AtomicFiles.writeString(file, render(r, maxQueries, new Thumbnails(160, 120)));
  }

  static String render(QueryResults r, int maxQueries, Thumbnails thumbnails) {
    StringBuilder body = new StringBuilder();
    body.append("<p class=\"meta\">Index <code>").append(Html.escape(r.index().toString())).append("</code>: model <b>")
        .append(Html.escape(r.model().modelName())).append("</b>, checkpoint <code>")
        .append(Html.escape(r.model().checkpoint())).append("</code> of run <code>")
        .append(Html.escape(r.model().runFolder())).append("</code>.<br>Queries: ")
        .append(Html.escape(r.querySource())).append(". Top ").append(r.k()).append(" matches by exact L2 search; ")
        .append("green = within ").append(Html.number(r.posDistThr())).append(" m of the query,")
        .append(" red = farther, grey = position unknown.</p>\n");
    long judged = r.queriesWithPosition();
    if (judged > 0) {
      body.append("<table class=\"numbers\"><tr><th>queries</th><th>with position</th><th>correct at top 1</th>")
          .append("<th>correct in top ").append(r.k()).append("</th></tr>\n<tr><td>").append(r.queries().size())
          .append("</td><td>").append(judged).append("</td><td>").append(share(r.correctAtTop1(), judged))
          .append("</td><td>").append(share(r.correctInTopK(), judged)).append("</td></tr></table>\n");
    }
    int shown = Math.min(maxQueries, r.queries().size());
    if (shown < r.queries().size()) {
      body.append("<p class=\"meta\">Showing the first ").append(shown).append(" of ").append(r.queries().size())
          .append(" queries; the JSON results list all of them.</p>\n");
    }
    List<RetrievalGallery.Row> rows = new ArrayList<>(shown);
    for (QueryResults.Query q : r.queries().subList(0, shown)) {
      List<RetrievalGallery.Match> matches = new ArrayList<>();
      for (QueryResults.Match m : q.matches()) {
        String note = m.metres() == null ? "" : String.format(Locale.ROOT, "%.0f m away", m.metres());
        matches.add(new RetrievalGallery.Match(m.image(), m.distance(), m.withinThreshold(), note));
      }
      rows.add(new RetrievalGallery.Row(q.image(), q.utm() == null ? "position unknown" : "", matches));
    }
    body.append("<h2>Queries and their top matches</h2>\n").append(RetrievalGallery.html(rows, thumbnails));
    return Html.page("vpr4j query: " + r.model().modelName(), body.toString());
  }

  private static String share(long n, long of) {
    return n + " (" + Html.percent(100.0 * n / of) + "%)";
  }
}
