package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.WeightsFile;

/**
 * A process rewriting a checkpoint in a loop is killed with SIGKILL at random moments, most of them
 * inside a write: the checkpoint under its name is always one complete version, never a mix or a
 * truncated file.
 */
class AtomicWriteKillTest {
  private static final long SEED = 7L;
  private static final int KILLS = 5;

  @TempDir Path dir;

  @Test
  void aKilledWriterLeavesTheLastCompleteVersion() throws Exception {
    Path file = dir.resolve("checkpoints").resolve("latest.h5");
    Random random = new Random(SEED);
    int lastVersion = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Path log = dir.resolve("writer-" + kill + ".log");
      int first = 1000 * (kill + 1);
      Process writer = ChildJvm.withOptions().start(log, CheckpointWriterLoop.class, file.toString(),
          Integer.toString(first));
      // Wait for this writer's first complete version, then kill it after a random moment.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("wrote " + first) && writer.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(writer.isAlive(), "the writer ended by itself: " + Files.readString(log));
      Thread.sleep(random.nextInt(800));
      writer.destroyForcibly().waitFor();

      WeightsFile.Contents c = WeightsFile.read(file);
      int version = Integer.parseInt(c.attributes().get("version"));
      assertTrue(version >= first, "version " + version + " is older than this writer's first, " + first);
      Map<String, FloatArray> expected = CheckpointWriterLoop.contents(version);
      assertEquals(expected.keySet(), c.tensors().keySet());
      expected.forEach((k, v) -> assertTrue(Arrays.equals(v.data(), c.tensors().get(k).data()),
          k + " of version " + version + " is not what version " + version + " wrote"));
      lastVersion = version;
      assertEquals(List.of(file), CheckpointAssertions.checkpointsAmongTemporaries(file.getParent()));
    }
    long interrupted;
    try (Stream<Path> files = Files.list(file.getParent())) {
      interrupted = files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
    }
    System.out.println("last complete version after " + KILLS + " kills: " + lastVersion + "; " + interrupted
        + " kills interrupted a write");
    // Each kill inside a write leaves that write's hidden temporary; at least one must have, or the
    // test did not test what it claims.
    assertTrue(interrupted >= 1, "no kill landed inside a write");
  }
}
