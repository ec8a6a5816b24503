package org.vpr4j.report;

import java.util.Locale;

/**
 * The pieces every vpr4j HTML page shares: escaping, the page frame with its style sheet, and
 * a small script that records in the DOM whether every image decoded, so a headless browser
 * ({@code scripts/check-reports.sh}) can tell a broken page from a good one.
 */
public final class Html {
  private Html() {}

  /** Escapes text for use in element content and in double-quoted attributes. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A percentage with one decimal, the way the paper's tables show recall. */
  public static String percent(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** A number as people write it: {@code 25} rather than {@code 25.0}, {@code 12.5} as is. */
  public static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }

  /** A complete page: {@code title} goes into the head and a top-level heading; {@code body} as is. */
  public static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n"
        + "<h1>" + escape(title) + "</h1>\n" + body
        + "<script>\n" + IMAGE_CHECK + "</script>\n</body>\n</html>\n";
  }

  private static final String STYLE = """
      body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px; color: #222; max-width: 1400px; }
      h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; }
      table.numbers { border-collapse: collapse; margin: 8px 0; }
      table.numbers th, table.numbers td { border: 1px solid #bbb; padding: 4px 10px; text-align: right; }
      table.numbers th { background: #eee; } table.numbers td.label { text-align: left; }
      table.numbers tr.paper td { color: #555; font-style: italic; }
      .meta { color: #555; font-size: 13px; }
      .retrieval { display: flex; align-items: flex-start; gap: 10px; margin: 10px 0; flex-wrap: wrap; }
      .tile { font-size: 12px; text-align: center; width: 168px; overflow-wrap: anywhere; }
      .tile img { display: block; margin: 0 auto 3px; border: 4px solid #999; }
      .tile.query img { border-color: #2a5db0; }
      .tile.correct img { border-color: #1a9e37; } .tile.wrong img { border-color: #d2261f; }
      .tile.correct .verdict { color: #1a9e37; font-weight: bold; }
      .tile.wrong .verdict { color: #d2261f; font-weight: bold; }
      .missing { width: 160px; height: 90px; border: 4px dashed #999; display: flex; align-items: center;
        justify-content: center; color: #777; margin: 0 auto 3px; }
      .masks { display: flex; gap: 12px; flex-wrap: wrap; } .masks figure { margin: 0; font-size: 12px; }
      .masks img { width: 640px; max-width: 100%; }
      img.plot { max-width: 100%; border: 1px solid #ddd; }
      """;

  /** Runs after every image has loaded or failed; records the count of images that did not decode. */
  private static final String IMAGE_CHECK = """
      window.addEventListener('load', function () {
        var images = Array.prototype.slice.call(document.images);
        var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); });
        document.body.setAttribute('data-images', String(images.length));
        document.body.setAttribute('data-broken-images', String(broken.length));
      });
      """;
}
