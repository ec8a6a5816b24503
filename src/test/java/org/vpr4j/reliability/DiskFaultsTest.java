package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Unwritable folders and full disks while writing a run folder, a checkpoint and a report: each is a
 * clear error (exit code 2, a message naming the path), nothing half-written is left, and the
 * previous checkpoints stay as they were.
 */
class DiskFaultsTest {
  @TempDir static Path dir;
  static Path data;
  static Path graph;
  /** A run folder after one epoch of training: init, best and latest checkpoints. */
  static Path trained;

  @BeforeAll
  static void trainOneEpoch() throws Exception {
    data = TinyRuns.dataset(dir.resolve("data"), 12);
    graph = TinyRuns.graph(dir.resolve("tiny.json"), "\"epochs\":1");
    trained = TinyRuns.cluster(graph, data, dir.resolve("trained"));
    assertEquals(0, CapturedRun.of(TinyRuns.trainArgs(trained, data)).exitCode());
  }

  @Test
  void clusterIntoAFolderBelowARegularFileIsAClearError() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    Path out = file.resolve("run");
    CapturedRun r = CapturedRun.of(TinyRuns.clusterArgs(graph, data, out));
    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err());
    assertTrue(r.err().contains(file.toString()), r.err());
    assertEquals("x", Files.readString(file));
  }

  @Test
  void aReadOnlyRunFolderStopsTrainingAndTestingWithTheirPaths() throws Exception {
    Path run = TinyRuns.copy(trained, dir.resolve("read-only"));
    byte[] latest = Files.readAllBytes(run.resolve("checkpoints/latest.h5"));
    try (Mounts ro = Mounts.readOnly(run)) {
      CapturedRun train = CapturedRun.of(TinyRuns.trainArgs(run, data, "--resume", "--epochs", "2"));
      assertEquals(Main.EXIT_USAGE, train.exitCode(), train.err());
      assertTrue(train.err().contains(run.toString()) && train.err().contains("Read-only"), train.err());

      CapturedRun test = CapturedRun.of("test", "--run", run.toString(), "--dataset", data.toString(), "--split", TinyRuns.VAL);
      assertEquals(Main.EXIT_USAGE, test.exitCode(), test.err());
      assertTrue(test.err().contains(run.resolve("reports").toString()), test.err());
    }
    assertArrayEquals(latest, Files.readAllBytes(run.resolve("checkpoints/latest.h5")));
    assertFalse(Files.exists(run.resolve("reports")), "no report folder was made");
  }

  @Test
  void aFullDiskWhileCheckpointingKeepsThePreviousCheckpoints() throws Exception {
    Path run = TinyRuns.copy(trained, dir.resolve("full-checkpoints"));
    Path checkpoints = run.resolve("checkpoints");
    Path saved = TinyRuns.copy(checkpoints, dir.resolve("saved-checkpoints"));
    byte[] latest = Files.readAllBytes(checkpoints.resolve("latest.h5"));
    try (Mounts disk = Mounts.tmpfs(checkpoints, "4m")) {
      TinyRuns.copy(saved, checkpoints);
      disk.fillLeaving(16 * 1024);
      CapturedRun r = CapturedRun.of(TinyRuns.trainArgs(run, data, "--resume", "--epochs", "2"));
      assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err());
      assertTrue(r.err().contains(checkpoints.toString()) && r.err().contains("No space left"), r.err());
      assertArrayEquals(latest, Files.readAllBytes(checkpoints.resolve("latest.h5")), "latest.h5 is unchanged");
      Files.delete(checkpoints.resolve("filler"));
      assertEquals(List.of("best.h5", "init.h5", "latest.h5"), names(checkpoints), "no temporary is left");
      CheckpointAssertions.assertIntact(run);
      assertEquals(1, CheckpointAssertions.state(run, "latest").epochsDone());
    }
  }

  @Test
  void aFullDiskWhileWritingAReportLeavesNoPartialReport() throws Exception {
    Path run = TinyRuns.copy(trained, dir.resolve("full-reports"));
    Path reports = run.resolve("reports");
    try (Mounts disk = Mounts.tmpfs(reports, "64k")) {
      disk.fillLeaving(0);
      CapturedRun r = CapturedRun.of("test", "--run", run.toString(), "--dataset", data.toString(), "--split", TinyRuns.VAL);
      assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err());
      assertTrue(r.err().contains(reports.toString()) && r.err().contains("No space left"), r.err());
      assertEquals(List.of("filler"), names(reports));
    }
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
