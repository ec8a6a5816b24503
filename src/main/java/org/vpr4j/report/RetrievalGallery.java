package org.vpr4j.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTML for retrieval examples: each query beside its top matches as thumbnails, matches framed
 * green when they lie within the ground-truth radius of the query, red when they do not, grey
 * when the positions are unknown, each with its descriptor distance.
 */
public final class RetrievalGallery {
  /** One retrieved database image. {@code correct} is {@code null} when positions are unknown. */
  public record Match(Path image, double distance, Boolean correct, String note) {}

  /** One query and its matches, nearest first; {@code caption} is plain text under the query. */
  public record Row(Path query, String caption, List<Match> matches) {}

  private RetrievalGallery() {}

  /** The rows as HTML, thumbnails embedded as data URIs. */
  public static String html(List<Row> rows, Thumbnails thumbnails) {
    StringBuilder out = new StringBuilder();
    for (Row row : rows) {
      out.append("<div class=\"retrieval\">\n");
      String queryNote = row.caption() == null || row.caption().isEmpty() ? "" : "<br>" + Html.escape(row.caption());
      tile(out, "tile query", row.query(), thumbnails, "query", "<b>query</b>" + queryNote);
      for (int r = 0; r < row.matches().size(); r++) {
        Match m = row.matches().get(r);
        String cls = m.correct() == null ? "tile" : m.correct() ? "tile correct" : "tile wrong";
        String verdict = m.correct() == null ? "" : m.correct() ? "correct" : "wrong";
        String caption = "#" + (r + 1) + " d=" + String.format(Locale.ROOT, "%.4f", m.distance())
            + (verdict.isEmpty() ? "" : " <span class=\"verdict\">" + verdict + "</span>")
            + (m.note() == null || m.note().isEmpty() ? "" : "<br>" + Html.escape(m.note()));
        tile(out, cls, m.image(), thumbnails, "match " + (r + 1), caption);
      }
      out.append("</div>\n");
    }
    return out.toString();
  }

  /** {@code captionHtml} is already escaped. */
  private static void tile(StringBuilder out, String cls, Path image, Thumbnails thumbnails, String alt,
      String captionHtml) {
    out.append("<div class=\"").append(cls).append("\">");
    Optional<String> uri = thumbnails.dataUri(image);
    if (uri.isPresent()) {
      out.append("<img src=\"").append(uri.get()).append("\" alt=\"").append(Html.escape(alt)).append("\">");
    } else {
      out.append("<div class=\"missing\">image not found</div>");
    }
    out.append("<div>").append(captionHtml).append("</div>")
        .append("<div class=\"meta\">").append(Html.escape(image.getFileName().toString())).append("</div>")
        .append("</div>\n");
  }
}
