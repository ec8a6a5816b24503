package org.vpr4j.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.io.RunFolder;
import org.vpr4j.report.HtmlReferences;

/** {@code vpr4j query index} and {@code vpr4j query search} through the command line, with a tiny real model. */
class QueryCliTest {
  @TempDir static Path dir;
  static Path data;
  static RunFolder run;
  static Path index;

  @BeforeAll
  static void runAndIndex() throws Exception {
    data = TinyData.utmFolders(dir.resolve("data"), "tiny", 5, 3);
    run = TinyData.runFolder(dir.resolve("run"), "tiny-deatt", 8, "[\"deattention\"]", 1);
    index = dir.resolve("tiny.h5");
    assertEquals(0, Main.run("query", "index", "--run", run.root().toString(), "--dataset", data.toString(),
        "--layout", "utm", "--split", "tiny", "--out", index.toString(), "--batch-size", "4"));
  }

  @Test
  void searchWritesJsonAndASelfContainedPage() throws Exception {
    Path out = dir.resolve("out");
    assertEquals(0, Main.run("query", "search", "--index", index.toString(), "--images",
        data.resolve("images/tiny/queries").toString(), "--top-k", "3", "--out", out.toString()));
    JsonNode r = GraphConfig.json().readTree(out.resolve("results.json").toFile());
    assertEquals("tiny-deatt", r.get("model").asText());
    assertEquals(5, r.get("numQueries").asInt());
    assertEquals(5, r.get("queriesWithPosition").asInt());
    assertEquals(3, r.get("k").asInt());
    for (JsonNode q : r.get("queries")) {
      assertEquals(3, q.get("matches").size());
      for (JsonNode m : q.get("matches")) {
        assertTrue(m.get("withinThreshold").isBoolean(), "positions known from @UTM@ names: " + m);
        assertTrue(Files.isRegularFile(Path.of(m.get("image").asText())));
      }
    }
    String html = Files.readString(out.resolve("results.html"));
    List<String> refs = HtmlReferences.all(html);
    assertEquals(5 * (1 + 3), refs.size(), "each query and its three matches as thumbnails");
    assertTrue(refs.stream().allMatch(s -> s.startsWith("data:image/jpeg;base64,")), "thumbnails are embedded");
    HtmlReferences.checkAll(out.resolve("results.html"));
    assertTrue(html.contains("class=\"tile correct\"") || html.contains("class=\"tile wrong\""));
  }

  @Test
  void searchTakesADatasetSplitOrOneImage() {
    assertEquals(0, Main.run("query", "search", "--index", index.toString(), "--dataset", data.toString(),
        "--layout", "utm", "--split", "tiny", "--top-k", "2"));
    Path one = data.resolve("images/tiny/queries").toFile().listFiles()[0].toPath();
    assertEquals(0, Main.run("query", "search", "--index", index.toString(), "--image", one.toString()));
  }

  @Test
  void badInputIsAUsageErrorThatSaysWhatIsWrong() throws Exception {
    assertError("nope.jpg does not exist", "query", "search", "--index", index.toString(), "--image",
        dir.resolve("nope.jpg").toString());
    assertError("exactly one of", "query", "search", "--index", index.toString(), "--image", index.toString(),
        "--images", dir.toString());
    assertError("missing.h5 does not exist", "query", "search", "--index", dir.resolve("missing.h5").toString(),
        "--images", dir.toString());
    assertError("exactly one of --images DIR or --dataset", "query", "index", "--run", run.root().toString(),
        "--out", dir.resolve("x.h5").toString());
    assertError("unknown sub-command 'bogus'", "query", "bogus");
    assertEquals(Main.EXIT_USAGE, Main.run("query"));
    assertEquals(0, Main.run("query", "--help"));
  }

  @Test
  void anIndexFromAnotherModelOrOtherWeightsIsRefused() throws Exception {
    RunFolder wider = TinyData.runFolder(dir.resolve("wider"), "tiny-k4", 4, "[]", 2);
    assertError("dimension 256", "query", "search", "--index", index.toString(), "--run", wider.root().toString(),
        "--ckpt", "init", "--images", data.resolve("images/tiny/queries").toString());

    Path retrained = dir.resolve("retrained");
    Files.createDirectories(retrained.resolve("checkpoints"));
    Files.copy(run.root().resolve(RunFolder.GRAPH), retrained.resolve(RunFolder.GRAPH));
    TinyData.runFolder(dir.resolve("other-weights"), "tiny-deatt", 8, "[\"deattention\"]", 99);
    Files.copy(dir.resolve("other-weights/checkpoints/init.h5"), retrained.resolve("checkpoints/init.h5"));
    assertError("rebuild the index", "query", "search", "--index", index.toString(), "--run", retrained.toString(),
        "--images", data.resolve("images/tiny/queries").toString());
  }

  /** Runs the tool, expecting exit code 2 and {@code part} in what it printed to stderr. */
  static void assertError(String part, String... args) {
    CapturedRun.assertUsageError(Main::run, part, args);
  }
}
