package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.fixtures.TinyRuns;

/**
 * Descriptor caches larger than the Java heap: a child JVM with {@code -Xmx32m} trains and tests a
 * model with the paper's 32,768-dimensional descriptor (NetVLAD with 512 clusters of 64 channels),
 * whose training cache (270 images, 34 MB) is larger than its whole heap, so the descriptors go to
 * memory-mapped files. Results equal those of the test JVM, which keeps them in memory; a full
 * disk under the spill file is a clear error that leaves nothing behind.
 */
class LargeCacheTest {
  private static final String HEAP = "-Xmx32m";
  private static final String SPLIT = "big_train";
  private static final int PLACES = 90;

  @TempDir static Path dir;
  static Path data;
  static Path run;

  @BeforeAll
  static void clusterTheBigModel() throws Exception {
    data = dir.resolve("data");
    TinyData.pittsburgh(data, SPLIT, PLACES, 128, 96, 5);
    TinyData.pittsburgh(data, "big_val", 6, 128, 96, 6);
    Path graph = dir.resolve("big.json");
    Files.writeString(graph, "{\"name\":\"big\",\"model\":{\"width\":0.125,\"inputWidth\":128,\"inputHeight\":96,"
        + "\"numClusters\":512},\"training\":{\"epochs\":1,\"cacheBatchSize\":16,\"negativesPerQuery\":2,"
        + "\"miningMargin\":1.0,\"margin\":1.0,\"lr\":0.0001}}");
    run = dir.resolve("run");
    CapturedRun r = CapturedRun.of("cluster", "--graph", graph.toString(), "--dataset", data.toString(), "--split", SPLIT,
        "--out", run.toString(), "--images", "120", "--per-image", "48", "--iterations", "5");
    assertEquals(0, r.exitCode(), r.err());
  }

  @Test
  void trainingAndTestingWithASmallHeapSpillToDiskAndMatchAnInMemoryTest() throws Exception {
    Path run = TinyRuns.copy(LargeCacheTest.run, dir.resolve("small-heap"));
    // What a SIGKILLed run leaves behind: its spill file and the temporary of the one it was writing.
    long dead = deadPid();
    Path orphan = Files.writeString(run.resolve("descriptors-" + dead + "-1.f32"), "x");
    Path orphanTmp = Files.writeString(run.resolve(".descriptors-" + dead + "-2.f32.123.tmp"), "x");
    Path alive = Files.writeString(run.resolve("descriptors-" + ProcessHandle.current().pid() + "-3.f32"), "x");

    ChildJvm small = ChildJvm.withOptions(HEAP);
    ChildJvm.Outcome train = small.run(dir.resolve("train.log"), 180, "train", "--run", run.toString(),
        "--dataset", data.toString(), "--train-split", SPLIT, "--val-split", "big_val");
    assertEquals(0, train.exitCode(), train.output());
    assertTrue(train.output().contains("spilling"), "the training cache went to disk:\n" + train.output());
    assertFalse(Files.exists(orphan) || Files.exists(orphanTmp), "a dead process's spill files are deleted");
    assertTrue(Files.exists(alive), "a running process's spill file is kept");
    Files.delete(alive);

    ChildJvm.Outcome test = small.run(dir.resolve("test.log"), 180, "test", "--run", run.toString(),
        "--dataset", data.toString(), "--split", SPLIT, "--batch-size", "8");
    assertEquals(0, test.exitCode(), test.output());
    assertTrue(test.output().contains("spilling"), "the database descriptors went to disk:\n" + test.output());
    Path report = run.resolve("reports/test-" + SPLIT + "-best.json");
    JsonNode spilled = GraphConfig.json().readTree(report.toFile());

    CapturedRun inMemory = CapturedRun.of("test", "--run", run.toString(), "--dataset", data.toString(), "--split", SPLIT);
    assertEquals(0, inMemory.exitCode(), inMemory.err());
    JsonNode kept = GraphConfig.json().readTree(report.toFile());
    assertEquals(PLACES, spilled.get("numQ").asInt());
    assertEquals(kept.get("recall"), spilled.get("recall"), "recall with spilled and in-memory descriptors");
    assertEquals(List.of(), spillFiles(run), "spill files are deleted after use");
  }

  @Test
  void aFullDiskUnderTheSpillFileIsAClearErrorAndLeavesNothing() throws Exception {
    Path full = dir.resolve("full");
    try (Mounts disk = Mounts.tmpfs(full, "16m")) {
      TinyRuns.copy(run, full);
      disk.fillLeaving(1 << 20);
      ChildJvm.Outcome test = ChildJvm.withOptions(HEAP).run(dir.resolve("full.log"), 180, "test", "--run",
          full.toString(), "--dataset", data.toString(), "--split", SPLIT, "--ckpt", "init");
      assertEquals(Main.EXIT_USAGE, test.exitCode(), test.output());
      assertTrue(test.output().contains("cannot write descriptors to " + full.resolve("descriptors-"))
          && test.output().contains("No space left"), test.output());
      assertEquals(List.of(), spillFiles(full), "no descriptor file or temporary is left");
      assertFalse(Files.exists(full.resolve("reports")), "no report was written");
      CheckpointAssertions.assertIntact(full);
    }
  }

  /** The id of a process that has ended. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  /** Descriptor spill files and their temporaries in a folder. */
  static List<Path> spillFiles(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().matches("\\.?descriptors-.*")).toList();
    }
  }
}
