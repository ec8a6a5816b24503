package org.vpr4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.io.RunFolder;

/** {@code vpr4j test} writes its HTML page (with de-attention masks), and {@code compare --html} its page. */
class ReportCliTest {
  @TempDir static Path dir;
  static RunFolder run;
  static Path reports;

  @BeforeAll
  static void testARun() throws Exception {
    Path data = TinyData.utmFolders(dir.resolve("data"), "tiny", 5, 9);
    writeLabels(data, data.resolve("images/tiny/queries"));
    run = TinyData.runFolder(dir.resolve("run"), "tiny-deatt", 8, "[\"deattention\"]", 4);
    assertEquals(0, Main.run("test", "--run", run.root().toString(), "--dataset", data.toString(), "--layout", "utm",
        "--split", "tiny", "--ckpt", "init", "--recall-at", "1,2,5"));
    reports = run.reports();
  }

  @Test
  void testWritesAPageBesideTheJsonWithPlotExamplesAndMasks() throws Exception {
    Path page = reports.resolve("test-data_tiny-init.html");
    assertTrue(Files.isRegularFile(reports.resolve("test-data_tiny-init.json")));
    assertTrue(Files.isRegularFile(page));
    String html = Files.readString(page);
    List<String> refs = HtmlReferences.all(html);
    assertTrue(refs.contains("test-data_tiny-init_files/recall.png"));
    long masks = refs.stream().filter(r -> r.matches("test-data_tiny-init_files/mask-\\d\\.png")).count();
    assertTrue(masks >= 1 && masks <= 4, "a few de-attention masks: " + masks);
    List<BufferedImage> images = HtmlReferences.checkAll(page);
    assertTrue(images.size() > 1 + masks, "retrieval example thumbnails too");
    assertTrue(html.contains("<h2>De-attention masks</h2>"));
    assertTrue(html.contains("Right: the target mask of the semantic guidance"), "targets from the label images");
    assertEquals(1, HtmlReferences.tableRows(html), "one model, no paper numbers for this graph");
  }

  @Test
  void maskPngsShowTheImageThePredictionAndTheTarget() throws Exception {
    Path png = reports.resolve("test-data_tiny-init_files/mask-1.png");
    BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(3 * 64, img.getWidth(), "three 64-px panels: image, predicted mask, target");
    assertEquals(64, img.getHeight());
    // The labels put a person (a distractor) on the left half: the target panel is red there
    // and untinted on the right, where the image shows through unchanged.
    for (int y = 8; y < 64; y += 16) {
      java.awt.Color plain = new java.awt.Color(img.getRGB(56, y));
      java.awt.Color target = new java.awt.Color(img.getRGB(128 + 56, y));
      assertEquals(plain, target, "static scene at (56, " + y + ") is not tinted");
      java.awt.Color tinted = new java.awt.Color(img.getRGB(128 + 4, y));
      assertTrue(tinted.getRed() > 150 && tinted.getGreen() < 100, "distractor at (4, " + y + "): " + tinted);
    }
  }

  /** Label PNGs (train ids) for every image of {@code folder}: a person on the left half, a building on the right. */
  private static void writeLabels(Path root, Path folder) throws Exception {
    List<Path> images;
    try (var files = Files.list(folder)) {
      images = files.toList();
    }
    for (Path image : images) {
      BufferedImage source = javax.imageio.ImageIO.read(image.toFile());
      BufferedImage label = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < label.getHeight(); y++) {
        for (int x = 0; x < label.getWidth(); x++) {
          label.getRaster().setSample(x, y, 0, x < label.getWidth() / 2 ? 11 : 2);
        }
      }
      Path file = org.vpr4j.data.LabelImages.pathFor(root, image);
      Files.createDirectories(file.getParent());
      javax.imageio.ImageIO.write(label, "png", file.toFile());
    }
  }

  @Test
  void compareWritesOneSelfContainedPageWithACurvePerReport() throws Exception {
    Path a = reports.resolve("test-data_tiny-init.json");
    ObjectNode other = (ObjectNode) GraphConfig.json().readTree(a.toFile());
    other.put("model", "other");
    ObjectNode paper = other.putObject("paperRecallPitts30kTest");
    paper.put("1", 85.2);
    paper.put("5", 93.0);
    Path b = dir.resolve("other.json");
    GraphConfig.json().writeValue(b.toFile(), other);
    Path page = dir.resolve("table/compare.html");
    assertEquals(0, Main.run("compare", "--reports", a + "," + b, "--recall-at", "1,5", "--html", page.toString(),
        "--title", "tiny models"));
    String html = Files.readString(page);
    assertEquals(3, HtmlReferences.tableRows(html), "two models and the paper's row for the second");
    assertTrue(html.contains("<td class=\"label\">other (init)</td>"));
    assertTrue(html.contains("<td class=\"label\">paper: other (init)</td><td class=\"label\">pitts30k_test</td>"
        + "<td>85.2</td><td>93.0</td>"));
    List<BufferedImage> images = HtmlReferences.checkAll(page);
    assertEquals(1, images.size(), "the plot, embedded");
    assertTrue(HtmlReferences.all(html).get(0).startsWith("data:image/png;base64,"));
  }
}
