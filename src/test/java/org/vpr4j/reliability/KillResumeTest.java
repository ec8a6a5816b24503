package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.fixtures.TinyRuns;
import org.vpr4j.io.RunFolder;

/**
 * {@code vpr4j train} in a child JVM, killed with SIGKILL four times and resumed with {@code --resume}
 * each time until it completes: no checkpoint is ever unreadable, and the end result is bit for bit the
 * result of the same training run without interruptions.
 *
 * <p>The kills are placed by what the child has done, not by the clock, so the test does the same on
 * a fast machine and on a slow, loaded one: the first as soon as training starts (no checkpoint yet,
 * so the next run starts again from {@code init}), the others as soon as a run has validated and
 * checkpointed one more epoch (its {@code epoch N/6: loss} line is logged after the checkpoints are
 * written), so they land after epochs 1, 2 and 3, early in the next epoch. Each killed run still has
 * at least three epochs to go, far more than the few milliseconds between the line and the kill.
 * (Kills in the middle of a checkpoint write are {@code AtomicWriteKillTest}'s.)
 */
class KillResumeTest {
  private static final int KILLS = 4;
  private static final int EPOCHS = 6;
  private static final long TIMEOUT_SECONDS = 180;

  @TempDir Path dir;

  @Test
  void killedAndResumedTrainingEndsExactlyWhereAnUninterruptedRunEnds() throws Exception {
    Path data = TinyRuns.dataset(dir.resolve("data"), 16);
    // Four cache parts per epoch, so the runs rebuild the mining cache several times per epoch.
    Path graph = TinyRuns.graph(dir.resolve("tiny.json"), "\"epochs\":" + EPOCHS + ",\"cacheRefreshRate\":4");
    Path base = TinyRuns.cluster(graph, data, dir.resolve("base"));
    Path straight = TinyRuns.copy(base, dir.resolve("straight"));
    Path killed = TinyRuns.copy(base, dir.resolve("killed"));
    ChildJvm jvm = ChildJvm.withOptions();

    ChildJvm.Outcome uninterrupted = jvm.run(dir.resolve("straight.log"), TIMEOUT_SECONDS,
        TinyRuns.trainArgs(straight, data));
    assertEquals(0, uninterrupted.exitCode(), uninterrupted.output());

    List<Integer> epochsDoneAtKills = new ArrayList<>();
    int resumes = 0;
    for (int attempt = 0; ; attempt++) {
      boolean resume = RunFolder.open(killed).hasCheckpoint("latest");
      resumes += resume ? 1 : 0;
      Path log = dir.resolve("killed-" + attempt + ".log");
      Process child = jvm.start(log, resume ? TinyRuns.trainArgs(killed, data, "--resume")
          : TinyRuns.trainArgs(killed, data));
      if (epochsDoneAtKills.size() == KILLS) {
        assertTrue(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "training did not finish: " + Files.readString(log));
        assertEquals(0, child.exitValue(), Files.readString(log));
        break;
      }
      String killAfter = epochsDoneAtKills.isEmpty() ? "tiny from checkpoint" : ": loss ";
      assertTrue(awaitLine(child, log, killAfter), "the run ended before it logged '" + killAfter + "': "
          + Files.readString(log));
      assertTrue(child.isAlive(), "epochs were left to run");
      child.destroyForcibly().waitFor();
      CheckpointAssertions.assertIntact(killed);
      epochsDoneAtKills.add(RunFolder.open(killed).hasCheckpoint("latest")
          ? CheckpointAssertions.state(killed, "latest").epochsDone() : 0);
    }
    System.out.println("killed " + KILLS + " times, with these epochs checkpointed: " + epochsDoneAtKills);

    assertEquals(List.of(0, 1, 2, 3), epochsDoneAtKills, "one kill before any checkpoint, then one after each epoch");
    assertEquals(3, resumes, "three runs resumed from a checkpoint (after kills 2, 3 and 4)");
    CheckpointAssertions.assertIntact(killed);
    assertEquals(EPOCHS, CheckpointAssertions.state(killed, "latest").epochsDone());
    CheckpointAssertions.assertSameTraining(straight, killed, "latest");
    CheckpointAssertions.assertSameTraining(straight, killed, "best");
  }

  /** Waits until the child's log has a line containing {@code text}; false if the child ended first. */
  private static boolean awaitLine(Process child, Path log, String text) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (Files.readString(log).contains(text)) {
        return true;
      }
      if (!child.isAlive()) {
        return false;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the child never logged '" + text + "': " + Files.readString(log));
  }

  private static String lastLine(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
  }
}
