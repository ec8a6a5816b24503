package org.vpr4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test report page: its table, its examples, and that every file it refers to is there. */
class TestPageTest {
  @TempDir Path dir;

  @Test
  void everythingThePageRefersToExists() throws Exception {
    Path page = SamplePages.testPage(dir);
    assertEquals("test-data_tiny-best.html", page.getFileName().toString());
    String html = Files.readString(page);
    List<String> refs = HtmlReferences.all(html);
    assertTrue(refs.contains("test-data_tiny-best_files/recall.png"), refs.toString());
    assertTrue(refs.contains("test-data_tiny-best_files/mask-1.png"));
    assertTrue(refs.contains("test-data_tiny-best_files/mask-2.png"));
    List<BufferedImage> images = HtmlReferences.checkAll(page);
    // plot + 2 masks + 4 example queries with 3 matches each
    assertEquals(1 + 2 + 4 * 4, images.size());
    BufferedImage mask = images.get(refs.indexOf("test-data_tiny-best_files/mask-1.png"));
    assertEquals(128, mask.getWidth(), "image and overlay side by side");
    try (var files = Files.list(page.getParent())) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".")), "no temporary files left");
    }
  }

  @Test
  void showsTheRecallTableWithThePapersNumbersAndMarksMatches() throws Exception {
    String html = Files.readString(SamplePages.testPage(dir));
    assertEquals(2, HtmlReferences.tableRows(html), "our row and the paper's");
    assertTrue(html.contains("<th>R@1</th><th>R@2</th><th>R@3</th>"));
    assertTrue(html.contains("<td>50.0</td><td>100.0</td><td>100.0</td>"), "recall in percent");
    assertTrue(html.contains("<tr class=\"paper\"><td class=\"label\">paper: tiny</td>"));
    assertTrue(html.contains("<td>85.2</td><td>&ndash;</td><td>&ndash;</td>"), "the paper has R@1 only of these N");
    // Queries 0 and 2 retrieve their place first; 1 and 3 a wrong one. Each row: query, then 3 matches.
    String[] rows = html.split("<div class=\"retrieval\">");
    assertEquals(5, rows.length);
    for (int q = 0; q < 4; q++) {
      String first = rows[q + 1].split("<div class=\"tile")[2];
      assertTrue(first.startsWith(q % 2 == 0 ? " correct\"" : " wrong\""), "query " + q + ": " + first);
    }
  }

  @Test
  void rewritingReplacesTheAssetsFolderWhole() throws Exception {
    Path page = SamplePages.testPage(dir);
    Path stale = page.resolveSibling("test-data_tiny-best_files/mask-9.png");
    Files.writeString(stale, "stale");
    SamplePages.testPage(dir);
    assertTrue(Files.notExists(stale), "a rewrite leaves no stale files from the previous report");
  }
}
