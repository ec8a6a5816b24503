package org.vpr4j.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.RunFolder;
import org.vpr4j.query.ann.AnnIndex;
import org.vpr4j.query.ann.NavigationProjection;

/** {@code query index --ann hnsw} and {@code query search} through the graph, on a tiny database. */
class AnnCliTest {
  @TempDir Path dir;

  @Test
  void buildsWithANoteSearchesAndRefusesAGraphOfOtherWeights() throws Exception {
    Path data = TinyData.utmFolders(dir.resolve("data"), "tiny", 5, 3);
    RunFolder a = TinyData.runFolder(dir.resolve("a"), "tiny", 8, "[]", 1);
    RunFolder b = TinyData.runFolder(dir.resolve("b"), "tiny", 8, "[]", 2);
    Path indexA = dir.resolve("a.h5");
    Path indexB = dir.resolve("b.h5");
    String out = captured(() -> Main.run("query", "index", "--run", a.root().toString(), "--dataset", data.toString(),
        "--layout", "utm", "--split", "tiny", "--out", indexA.toString(), "--ann", "hnsw"));
    assertTrue(out.contains("HNSW index") && out.contains("note: with 10 images exact search"), out);
    assertTrue(Files.isDirectory(AnnIndex.folderFor(indexA)));
    String found = captured(() -> Main.run("query", "search", "--index", indexA.toString(), "--dataset",
        data.toString(), "--layout", "utm", "--split", "tiny", "--top-k", "2", "--ef", "10"));
    String exact = captured(() -> Main.run("query", "search", "--index", indexA.toString(), "--dataset",
        data.toString(), "--layout", "utm", "--split", "tiny", "--top-k", "2", "--exact"));
    // The same matches; distances may differ in the last printed digit (float32 matmul against float64 sums).
    assertEquals(withoutDistances(exact), withoutDistances(found), "ef covering the whole database gives the exact"
        + " answer");

    // A graph of weights A beside an index of weights B.
    assertEquals(0, Main.run("query", "index", "--run", b.root().toString(), "--dataset", data.toString(),
        "--layout", "utm", "--split", "tiny", "--out", indexB.toString()));
    AtomicFiles.writeFolder(AnnIndex.folderFor(indexB), tmp -> {
      try (var files = Files.list(AnnIndex.folderFor(indexA))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, tmp.resolve(f.getFileName()));
        }
      }
    });
    String msg = refusal("query", "search", "--index", indexB.toString(), "--dataset", data.toString(), "--layout",
        "utm", "--split", "tiny");
    assertTrue(msg.contains("was built from other descriptors") && msg.contains("checkpointSha256"), msg);
    assertEquals(0, Main.run("query", "search", "--index", indexB.toString(), "--dataset", data.toString(),
        "--layout", "utm", "--split", "tiny", "--exact"));
    // Rebuilding the index without --ann removes the stale graph.
    assertEquals(0, Main.run("query", "index", "--run", b.root().toString(), "--dataset", data.toString(),
        "--layout", "utm", "--split", "tiny", "--out", indexB.toString()));
    assertTrue(!Files.exists(AnnIndex.folderFor(indexB)));
  }

  @Test
  void buildsAGraphWalkedInAProjectionAndRefusesOneAsWideAsTheDescriptors() throws Exception {
    Path data = TinyData.utmFolders(dir.resolve("data"), "tiny", 5, 3);
    RunFolder a = TinyData.runFolder(dir.resolve("a"), "tiny", 8, "[]", 1);
    Path index = dir.resolve("a.h5");
    String out = captured(() -> Main.run("query", "index", "--run", a.root().toString(), "--dataset", data.toString(),
        "--layout", "utm", "--split", "tiny", "--out", index.toString(), "--ann", "hnsw", "--hnsw-nav-dim", "4"));
    assertTrue(out.contains("walked in a 4-D PCA projection"), out);
    assertTrue(Files.isRegularFile(AnnIndex.folderFor(index).resolve(NavigationProjection.FILE)));
    String found = captured(() -> Main.run("query", "search", "--index", index.toString(), "--dataset",
        data.toString(), "--layout", "utm", "--split", "tiny", "--top-k", "2", "--ef", "2", "--rerank-factor", "5"));
    String exact = captured(() -> Main.run("query", "search", "--index", index.toString(), "--dataset",
        data.toString(), "--layout", "utm", "--split", "tiny", "--top-k", "2", "--exact"));
    assertEquals(withoutDistances(exact), withoutDistances(found), "5 x 2 candidates cover the 10 images, re-ranked"
        + " exactly");

    String msg = refusal("query", "index", "--run", a.root().toString(), "--dataset", data.toString(), "--layout",
        "utm", "--split", "tiny", "--out", index.toString(), "--ann", "hnsw", "--hnsw-nav-dim", "100000");
    assertTrue(msg.contains("--hnsw-nav-dim 100000") && msg.contains("dimension ("), msg);
  }

  @Test
  void calibratesTheRerankFactorOnAnotherSplitsQueriesAndRefusesTheIndexedOne() throws Exception {
    Path data = TinyData.utmFolders(dir.resolve("data"), "tiny", 5, 3);
    TinyData.utmFolders(data, "tinyval", 4, 4);
    RunFolder a = TinyData.runFolder(dir.resolve("a"), "tiny", 8, "[]", 1);
    Path index = dir.resolve("a.h5");
    assertEquals(0, Main.run("query", "index", "--run", a.root().toString(), "--dataset", data.toString(),
        "--layout", "utm", "--split", "tiny", "--out", index.toString(), "--ann", "hnsw", "--hnsw-nav-dim", "4",
        "--calibration-split", "tinyval"));
    try (AnnIndex ann = AnnIndex.open(AnnIndex.folderFor(index))) {
      // The 4 queries of tinyval, against a 10-image index: 50 candidates (the default ef) hold all of it.
      assertEquals("4 held-out queries", ann.commitData().get("rerankQueries"));
      assertEquals(1, ann.defaultRerankFactor());
      assertEquals("1.0000", ann.commitData().get("rerankRecall"));
    }
    // A folder of query photos works as well: tinyval's 4 queries.
    Path photos = data.resolve("images").resolve("tinyval").resolve("queries");
    assertEquals(0, Main.run("query", "index", "--run", a.root().toString(), "--dataset", data.toString(),
        "--layout", "utm", "--split", "tiny", "--out", index.toString(), "--ann", "hnsw", "--hnsw-nav-dim", "4",
        "--calibration-images", photos.toString()));
    try (AnnIndex ann = AnnIndex.open(AnnIndex.folderFor(index))) {
      assertEquals("4 held-out queries", ann.commitData().get("rerankQueries"));
    }
    String[][] refused = {{"--hnsw-nav-dim", "4", "--calibration-split", "tiny"},
        {"--calibration-split", "tinyval"}, {"--hnsw-nav-dim", "4", "--calibration-split", "nosuchsplit"},
        {"--hnsw-nav-dim", "4", "--calibration-split", "tinyval", "--calibration-images", photos.toString()},
        {"--hnsw-nav-dim", "4", "--calibration-images", dir.resolve("nothing").toString()}};
    String[] expected = {"names the indexed images", "give --ann hnsw and --hnsw-nav-dim", "nosuchsplit", "not both",
        "nothing"};
    for (int c = 0; c < refused.length; c++) {
      java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("query", "index", "--run",
          a.root().toString(), "--dataset", data.toString(), "--layout", "utm", "--split", "tiny", "--out",
          dir.resolve("bad.h5").toString(), "--ann", "hnsw"));
      cmd.addAll(java.util.List.of(refused[c]));
      String msg = refusal(cmd.toArray(String[]::new));
      assertTrue(msg.contains(expected[c]), msg);
      assertTrue(!Files.exists(dir.resolve("bad.h5")), "refused before describing anything");
    }
    // An index of a folder, calibrated on the same folder.
    Path indexed = data.resolve("images").resolve("tiny").resolve("database");
    String msg = refusal("query", "index", "--run", a.root().toString(), "--images", indexed.toString(), "--out",
        dir.resolve("bad.h5").toString(), "--ann", "hnsw", "--hnsw-nav-dim", "4", "--calibration-images",
        indexed.resolve(".").toString());
    assertTrue(msg.contains("names the indexed images"), msg);
  }

  /** Runs the command, which must exit with code 2 (refused); returns what it printed on stderr. */
  private static String refusal(String... argv) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int code;
    try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setErr(e);
      code = Main.run(argv);
    } finally {
      System.setErr(old);
    }
    String msg = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, msg);
    return msg;
  }

  private static String withoutDistances(String printed) {
    return printed.replaceAll("\\d+\\.\\s+\\d\\.\\d{4}", "#");
  }

  private interface Call {
    int run() throws Exception;
  }

  private static String captured(Call call) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      assertEquals(0, call.run());
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
