package org.vpr4j.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.data.UtmFolderDatasets;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.report.HtmlReferences;

/** The query result page and JSON: limits, placeholders for vanished images, parseable output. */
class QueryPageTest {
  @TempDir Path dir;

  @Test
  void pageShowsTheFirstQueriesAndSurvivesDatabaseImagesThatMoved() throws Exception {
    TinyData.utmFolders(dir.resolve("data"), "tiny", 3, 17);
    PlaceDataset ds = UtmFolderDatasets.open(dir.resolve("data"), "tiny");
    ModelProvenance p = new ModelProvenance("grid", "{}", "/runs/grid", "best", "0", "now");
    PlaceIndex index = IndexBuilder.build(new GridDescriber(), p, ImageSet.databaseOf(ds), dir.resolve("i.h5"), 8,
        1 << 20);
    QueryResults r = QuerySearch.search(index, new GridDescriber(), ImageSet.queriesOf(ds), 2, 8, dir);
    // The index keeps its descriptors; a database image deleted afterwards only loses its thumbnail.
    Files.delete(r.queries().get(0).matches().get(0).image());

    Path html = dir.resolve("out/results.html");
    QueryPage.write(html, r, 2);
    String page = Files.readString(html);
    assertTrue(page.contains("Showing the first 2 of 3 queries"));
    assertTrue(page.contains("<div class=\"missing\">image not found</div>"));
    assertEquals(2 * 3 - 1, HtmlReferences.checkAll(html).size(), "two queries, two matches each, one missing");

    Path json = dir.resolve("out/results.json");
    QueryResultsJson.write(json, r);
    JsonNode doc = GraphConfig.json().readTree(json.toFile());
    assertEquals(3, doc.get("queries").size(), "the JSON lists every query");
    assertEquals(r.correctAtTop1(), doc.get("correctAtTop1").asLong());
    JsonNode first = doc.get("queries").get(0).get("matches").get(0);
    assertEquals(r.queries().get(0).matches().get(0).distance(), first.get("distance").asDouble(), 1e-12);
    assertEquals(2, first.get("utm").size());
  }
}
