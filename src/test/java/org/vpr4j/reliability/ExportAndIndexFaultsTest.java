package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyRuns;

/**
 * {@code export} and {@code query index} against a full disk and a kill: a clear error naming the
 * path the user gave, nothing at that path unless it is complete and verified, an older result left
 * as it was, and the hidden temporaries of a killed run removed by the next run on the same target.
 */
class ExportAndIndexFaultsTest {
  private static final long TIMEOUT_SECONDS = 180;

  @TempDir static Path dir;
  static Path data;
  static Path run;

  @BeforeAll
  static void runFolder() throws Exception {
    data = TinyRuns.dataset(dir.resolve("data"), 12);
    run = TinyRuns.cluster(TinyRuns.graph(dir.resolve("tiny.json"), "\"epochs\":1"), data, dir.resolve("run"));
  }

  // ---- full disk ----

  @Test
  void aFullDiskDuringExportIsAClearErrorAndLeavesNothing() throws Exception {
    Path disk = dir.resolve("export-disk");
    // nothing free at all, then room for part of the variables: TensorFlow's own writer fails
    for (long free : new long[] {0, 96 * 1024}) {
      try (Mounts m = Mounts.tmpfs(disk, "2m")) {
        m.fillLeaving(free);
        Path out = disk.resolve("model");
        CapturedRun r = export(out);
        assertUsageError(r, "cannot write " + out + ": No space left on device");
        assertFalse(r.err().contains("internal error") || r.err().contains("\tat "), r.err());
        assertEquals(List.of("filler"), names(disk), "no export and no temporary folder is left (free " + free + ")");
      }
    }
  }

  @Test
  void aFullDiskDuringQueryIndexNamesTheIndexFile() throws Exception {
    Path disk = dir.resolve("index-disk");
    for (long free : new long[] {0, 8 * 1024}) {
      try (Mounts m = Mounts.tmpfs(disk, "1m")) {
        m.fillLeaving(free);
        Path out = disk.resolve("places.h5");
        CapturedRun r = index(out);
        assertUsageError(r, "cannot write " + out + ": No space left on device");
        assertEquals(List.of("filler"), names(disk), "no index and no temporary is left (free " + free + ")");
      }
    }
  }

  // ---- kills and their leftovers ----

  @Test
  void aKilledExportLeavesNothingAtItsPathAndTheNextExportCleansUp() throws Exception {
    Path out = dir.resolve("killed-export/model");
    Files.createDirectories(out.getParent());
    killDuringExport(out, dir.resolve("kill-1.log"));
    assertFalse(Files.exists(out), "a killed export leaves nothing at " + out);
    assertEquals(1, hiddenBeside(out).size(), "the killed export's temporary folder: " + names(out.getParent()));

    assertEquals(0, export(out).exitCode());
    assertEquals(List.of(), hiddenBeside(out), "the next export removed the temporary folder");
    byte[] good = Files.readAllBytes(out.resolve("saved_model.pb"));

    // a killed --force export over a good one leaves the good one as it was
    killDuringExport(out, dir.resolve("kill-2.log"), "--force");
    assertArrayEquals(good, Files.readAllBytes(out.resolve("saved_model.pb")));
    assertTrue(Files.isRegularFile(out.resolve("vpr4j-export.json")));
    assertEquals(0, export(out, "--force").exitCode());
    assertEquals(List.of(), hiddenBeside(out));
  }

  @Test
  void theTemporariesOfADeadIndexBuildAreRemovedAndThoseOfALiveOneKept() throws Exception {
    Path out = dir.resolve("leftover-index/places.h5");
    Files.createDirectories(out.getParent());
    long dead = deadPid();
    Process live = new ProcessBuilder("sleep", "600").start();
    try {
      // what a kill leaves: the descriptor file being streamed, the HDF5 file being written
      Files.write(out.resolveSibling(".places.descriptors.f32." + dead + ".123.tmp"), new byte[100]);
      Files.write(out.resolveSibling(".places.h5." + dead + ".456.tmp"), new byte[100]);
      Path running = Files.write(out.resolveSibling(".places.h5." + live.pid() + ".789.tmp"), new byte[100]);

      assertEquals(0, index(out).exitCode());

      assertEquals(List.of(running.getFileName().toString()), hiddenBeside(out),
          "only the temporary of the process that still runs is left");
    } finally {
      live.destroyForcibly().waitFor();
    }
  }

  // ---- helpers ----

  /** Starts an export in a child JVM and kills it once its hidden temporary folder appears. */
  private static void killDuringExport(Path out, Path log, String... extra) throws Exception {
    Process child = ChildJvm.withOptions("-Xmx512m").start(log, TinyRuns.with(exportArgs(out), extra));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (hiddenBeside(out).stream().noneMatch(n -> n.startsWith(".model." + child.pid() + "."))) {
      assertTrue(child.isAlive(), "the export ended before it was killed: " + Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "the export never started writing: " + Files.readString(log));
      Thread.sleep(5);
    }
    child.destroyForcibly().waitFor();
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private static String[] exportArgs(Path out) {
    return new String[] {"export", "--run", run.toString(), "--ckpt", "init", "--dataset", data.toString(), "--split",
        TinyRuns.VAL, "--check-images", "2", "--out", out.toString()};
  }

  private static CapturedRun export(Path out, String... extra) {
    return CapturedRun.of(TinyRuns.with(exportArgs(out), extra));
  }

  private static CapturedRun index(Path out) {
    return CapturedRun.of("query", "index", "--run", run.toString(), "--ckpt", "init", "--dataset", data.toString(),
        "--split", TinyRuns.VAL, "--out", out.toString());
  }

  /** Hidden entries beside {@code target} whose name starts with {@code .STEM.}. */
  private static List<String> hiddenBeside(Path target) throws IOException {
    String stem = target.getFileName().toString().replaceFirst("\\.h5$", "");
    return names(target.getParent()).stream().filter(n -> n.startsWith("." + stem + ".")).toList();
  }

  private static void assertUsageError(CapturedRun r, String... words) {
    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err());
    for (String w : words) {
      assertTrue(r.err().contains(w), "the message lacks '" + w + "': " + r.err());
    }
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
