package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.cli.Main;
import org.vpr4j.fixtures.TinyRuns;
import org.vpr4j.io.RunLock;

/**
 * One process at a time changes a run folder; a killed holder leaves no stale lock, and the next
 * training clears the temporary files of its interrupted writes.
 */
class RunLockTest {
  @TempDir Path dir;

  @Test
  void aSecondHolderInTheSameProcessIsRefusedUntilTheFirstCloses() {
    RunLock first = RunLock.acquire(dir, "train");
    VprException e = assertThrows(VprException.class, () -> RunLock.acquire(dir, "train"));
    assertTrue(e.getMessage().contains("run folder " + dir + " is in use (by this process"), e.getMessage());
    // The refused attempt must not have dropped the first lock (closing any descriptor of the file would).
    assertThrows(VprException.class, () -> RunLock.acquire(dir, "train"));
    first.close();
    RunLock.acquire(dir, "train").close();
  }

  @Test
  void anotherProcessIsNamedAndItsLockGoesWhenItIsKilled() throws Exception {
    Path data = TinyRuns.dataset(dir.resolve("data"), 6);
    Path run = TinyRuns.cluster(TinyRuns.graph(dir.resolve("tiny.json"), "\"epochs\":1"), data, dir.resolve("run"));
    Path log = dir.resolve("holder.log");
    Process holder = ChildJvm.withOptions().start(log, LockHolder.class, run.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains(LockHolder.READY)) {
        assertTrue(holder.isAlive(), "the lock holder ended early: " + Files.readString(log));
        assertTrue(System.nanoTime() < deadline, "the lock holder did not start: " + Files.readString(log));
        Thread.sleep(50);
      }
      VprException e = assertThrows(VprException.class, () -> RunLock.acquire(run, "train"));
      assertTrue(e.getMessage().contains("is in use (process " + holder.pid() + " train since "), e.getMessage());
      String graphBefore = Files.readString(run.resolve("graph.json"));
      assertEquals(2, Main.run(TinyRuns.trainArgs(run, data)), "train refuses a folder in use");
      assertEquals(2, Main.run(TinyRuns.with(TinyRuns.clusterArgs(dir.resolve("tiny.json"), data, run), "--force")),
          "cluster --force refuses to replace a folder in use");
      assertEquals(graphBefore, Files.readString(run.resolve("graph.json")));
    } finally {
      holder.destroyForcibly().waitFor();
    }
    RunLock.acquire(run, "train").close();

    // What a write killed halfway leaves behind is cleared by the next train, under the lock;
    // files that are not such leftovers stay.
    Path leftover = Files.writeString(run.resolve("checkpoints/.latest.h5.4711.tmp"), "half a checkpoint");
    Path leftoverGraph = Files.writeString(run.resolve(".graph.json.42.tmp"), "{");
    Path userFile = Files.writeString(run.resolve("checkpoints/notes.tmp"), "mine");
    assertEquals(0, Main.run(TinyRuns.trainArgs(run, data)), "train runs once the holder is gone");
    assertTrue(Files.notExists(leftover) && Files.notExists(leftoverGraph), "leftovers removed");
    assertTrue(Files.exists(userFile));
    assertTrue(Files.exists(run.resolve("checkpoints/latest.h5")));
  }

  /** Holds a run folder's lock until killed. */
  public static final class LockHolder {
    static final String READY = "holding the lock";

    public static void main(String[] args) throws InterruptedException {
      RunLock lock = RunLock.acquire(Path.of(args[0]), "train");
      System.out.println(READY);
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
      lock.close();
    }
  }
}
