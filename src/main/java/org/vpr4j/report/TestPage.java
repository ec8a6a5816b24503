package org.vpr4j.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.ImageEncoder;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.Evaluation;
import org.vpr4j.io.AtomicFiles;

/**
 * The HTML page of {@code vpr4j test}: {@code reports/<base>.html} beside the JSON and Markdown,
 * with the recall@N table and plot, a few queries with their top matches (thumbnails embedded),
 * and, for de-attention models, images with the predicted mask overlaid. The plot and mask images
 * are PNG files in {@code reports/<base>_files/}, written as a whole folder before the page, so
 * the page never refers to a file that is not there.
 */
public final class TestPage {
  /** Matches shown per example query. */
  static final int MATCHES_SHOWN = 5;

  private TestPage() {}

  /** What the page shows; {@code masks} may be empty. */
  public record Content(String model, String description, String checkpoint, PlaceDataset dataset,
      Evaluation.Result result, Map<String, Double> paperRecall, List<MaskSamples.Sample> masks) {

    public static Content of(GraphConfig graph, String checkpoint, PlaceDataset dataset, Evaluation.Result result,
        List<MaskSamples.Sample> masks) {
      return new Content(graph.name(), graph.description(), checkpoint, dataset, result, graph.paperRecall(), masks);
    }
  }

  /** Writes {@code <reports>/<base>.html} and its {@code <base>_files/} folder; returns the page. */
  public static Path write(Path reports, String base, Content c) {
    Path html = reports.resolve(base + ".html");
    String assets = base + "_files";
    List<String> maskFiles = new ArrayList<>();
    for (int i = 0; i < c.masks().size(); i++) {
      maskFiles.add("mask-" + (i + 1) + ".png");
    }
    byte[] plot = plot(c).png(800, 480);
    AtomicFiles.writeFolder(reports.resolve(assets), folder -> {
      Files.write(folder.resolve("recall.png"), plot);
      for (int i = 0; i < c.masks().size(); i++) {
        Files.write(folder.resolve(maskFiles.get(i)), ImageEncoder.png(c.masks().get(i).overlay()));
      }
    });
    AtomicFiles.writeString(html, render(c, assets, maskFiles));
    return html;
  }

  static String render(Content c, String assets, List<String> maskFiles) {
    Evaluation.Result r = c.result();
    PlaceDataset ds = c.dataset();
    StringBuilder body = new StringBuilder();
    body.append("<p class=\"meta\">").append(c.description().isEmpty() ? "" : Html.escape(c.description()) + "<br>")
        .append("Checkpoint <code>").append(Html.escape(c.checkpoint())).append("</code>; ")
        .append(r.numDb()).append(" database images, ").append(r.numQ()).append(" queries (")
        .append(r.queriesWithoutPositives()).append(" without a database image within ")
        .append(Html.number(ds.posDistThr())).append(" m). ")
        .append("Protocol <code>").append(Html.escape(r.protocol().id())).append("</code>: ")
        .append(Html.escape(r.protocol().description())).append(". ")
        .append(String.format(Locale.ROOT, "Descriptors: %.1f s; search: %.2f s.", r.extractSeconds(),
            r.searchSeconds()))
        .append("</p>\n");

    body.append("<h2>Recall@N</h2>\n");
    List<Integer> ns = new ArrayList<>(r.recalls().keySet());
    RecallTable table = new RecallTable(ns).row(c.model() + " (" + c.checkpoint() + ")", ds.name(), percent(r));
    if (!c.paperRecall().isEmpty()) {
      table.paperRow("paper: " + c.model(), "pitts30k_test", paperByN(c.paperRecall()));
    }
    body.append(table.html());
    body.append("<p><img class=\"plot\" src=\"").append(assets).append("/recall.png\" alt=\"recall@N plot\"></p>\n");

    body.append("<h2>Retrieval examples</h2>\n<p class=\"meta\">Queries with their ")
        .append(Math.min(MATCHES_SHOWN, r.predictions().length == 0 ? 0 : r.predictions()[0].length))
        .append(" nearest database images; green = within ").append(Html.number(ds.posDistThr()))
        .append(" m of the query (a true match), red = not. Some examples are correct at rank 1, some are not.</p>\n");
    body.append(RetrievalGallery.html(examples(c), new Thumbnails(160, 120)));

    if (!maskFiles.isEmpty()) {
      boolean targets = c.masks().stream().anyMatch(s -> s.meanTarget() != null);
      body.append("<h2>De-attention masks</h2>\n<p class=\"meta\">Left: the image as the model sees it. ")
          .append(targets ? "Middle: the predicted mask. Right: the target mask of the semantic guidance (0 on"
              + " the distractor categories). " : "Right: the predicted mask. ")
          .append("The redder a region, the less it is attended to (mask near 0).")
          .append("</p>\n<div class=\"masks\">\n");
      for (int i = 0; i < maskFiles.size(); i++) {
        MaskSamples.Sample s = c.masks().get(i);
        body.append("<figure><img src=\"").append(assets).append('/').append(maskFiles.get(i))
            .append("\" alt=\"mask ").append(i + 1).append("\"><figcaption>")
            .append(Html.escape(s.image().getFileName().toString()))
            .append(String.format(Locale.ROOT, " &mdash; mean mask %.2f", s.meanKeep()))
            .append(s.meanTarget() == null ? "" : String.format(Locale.ROOT, ", target %.2f", s.meanTarget()))
            .append("</figcaption></figure>\n");
      }
      body.append("</div>\n");
    }
    return Html.page(c.model() + " on " + ds.name(), body.toString());
  }

  /** The plot: this model's curve, and the paper's where it has numbers. */
  static RecallPlot plot(Content c) {
    RecallPlot plot = new RecallPlot("Recall@N: " + c.model() + " on " + c.dataset().name());
    plot.curve(c.model() + " (" + c.checkpoint() + ")", percent(c.result()));
    if (!c.paperRecall().isEmpty()) {
      plot.curve("paper (Pitts30k test)", paperByN(c.paperRecall()));
    }
    return plot;
  }

  private static List<RetrievalGallery.Row> examples(Content c) {
    Evaluation.Result r = c.result();
    PlaceDataset ds = c.dataset();
    List<RetrievalGallery.Row> rows = new ArrayList<>();
    for (int q : ExampleQueries.pick(r, 3, 3)) {
      List<RetrievalGallery.Match> matches = new ArrayList<>();
      int shown = Math.min(MATCHES_SHOWN, r.predictions()[q].length);
      for (int k = 0; k < shown; k++) {
        int db = r.predictions()[q][k];
        matches.add(new RetrievalGallery.Match(ds.databaseImages().get(db), r.distances()[q][k],
            ExampleQueries.isTrueMatch(r, q, db), ""));
      }
      String caption = r.groundTruth()[q].length == 0 ? "no database image within the radius" : "";
      rows.add(new RetrievalGallery.Row(ds.queryImages().get(q), caption, matches));
    }
    return rows;
  }

  static SortedMap<Integer, Double> percent(Evaluation.Result r) {
    SortedMap<Integer, Double> out = new TreeMap<>();
    r.recalls().forEach((n, v) -> out.put(n, 100 * v));
    return out;
  }

  /** The paper's numbers keyed by N as text ({@code "1"}, {@code "5"}) as whole-number keys; other keys are skipped. */
  static SortedMap<Integer, Double> paperByN(Map<String, Double> paper) {
    SortedMap<Integer, Double> out = new TreeMap<>();
    paper.forEach((n, v) -> {
      try {
        out.put(Integer.parseInt(n.trim()), v);
      } catch (NumberFormatException e) {
        // not a recall@N entry, so not a point of the curve
      }
    });
    return out;
  }
}
