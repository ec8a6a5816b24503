package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyRuns;

/**
 * {@code cluster} writes a run folder whole or not at all: {@code --force} replaces an old run with
 * everything in it (a stale best checkpoint would otherwise be tested or resumed as if it were the
 * new model's), and a folder that is not a run folder is never replaced.
 */
class ClusterOutputTest {
  @TempDir static Path dir;
  static Path data;
  static Path graph;

  @BeforeAll
  static void dataset() throws Exception {
    data = TinyRuns.dataset(dir.resolve("data"), 12);
    graph = TinyRuns.graph(dir.resolve("tiny.json"), "");
  }

  @Test
  void forceReplacesTheWholeRunFolder() throws Exception {
    Path run = TinyRuns.cluster(graph, data, dir.resolve("run"));
    // What a finished training leaves: best and latest checkpoints, a report.
    Files.copy(run.resolve("checkpoints/init.h5"), run.resolve("checkpoints/best.h5"));
    Files.copy(run.resolve("checkpoints/init.h5"), run.resolve("checkpoints/latest.h5"));
    Files.createDirectories(run.resolve("reports"));
    Files.writeString(run.resolve("reports/old.md"), "old");

    CapturedRun again = CapturedRun.of(TinyRuns.clusterArgs(graph, data, run));
    assertEquals(Main.EXIT_USAGE, again.exitCode(), again.err());
    assertTrue(again.err().contains("--force"), again.err());

    assertEquals(0, CapturedRun.of(TinyRuns.with(TinyRuns.clusterArgs(graph, data, run), "--force", "--seed", "5"))
        .exitCode());
    assertEquals(List.of("centroids.hdf5", "checkpoints", "graph.json"), names(run));
    assertEquals(List.of("init.h5"), names(run.resolve("checkpoints")));
    assertEquals(List.of(), names(dir).stream().filter(n -> n.startsWith(".run")).toList(), "no temporary left");
  }

  @Test
  void aFolderThatIsNotARunFolderIsNeverReplaced() throws Exception {
    Path mine = Files.createDirectories(dir.resolve("my-photos"));
    Files.writeString(mine.resolve("holiday.jpg"), "precious");

    CapturedRun r = CapturedRun.of(TinyRuns.with(TinyRuns.clusterArgs(graph, data, mine), "--force"));

    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err());
    assertTrue(r.err().contains(mine + " exists and is not a run folder"), r.err());
    assertEquals(List.of("holiday.jpg"), names(mine));
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
