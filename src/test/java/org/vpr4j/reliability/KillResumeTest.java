package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.io.RunFolder;

/**
 * {@code vpr4j train} in a child JVM, killed with SIGKILL at random moments and resumed with
 * {@code --resume} each time until it completes: no checkpoint is ever unreadable, and the end
 * result is bit for bit the result of the same training run without interruptions.
 */
class KillResumeTest {
  private static final long SEED = 20231017L;
  private static final int KILLS = 4;
  private static final int EPOCHS = 6;
  /** Kills land this long (at most) after the child has loaded its model and started training. */
  private static final int MAX_KILL_DELAY_MILLIS = 700;
  private static final long TIMEOUT_SECONDS = 120;

  @TempDir Path dir;

  @Test
  void killedAndResumedTrainingEndsExactlyWhereAnUninterruptedRunEnds() throws Exception {
    Path data = TinyRuns.dataset(dir.resolve("data"), 16);
    // Four cache parts per epoch, so kills also land between a cache rebuild and the steps it feeds.
    Path graph = TinyRuns.graph(dir.resolve("tiny.json"), "\"epochs\":" + EPOCHS + ",\"cacheRefreshRate\":4");
    Path base = TinyRuns.cluster(graph, data, dir.resolve("base"));
    Path straight = TinyRuns.copy(base, dir.resolve("straight"));
    Path killed = TinyRuns.copy(base, dir.resolve("killed"));
    ChildJvm jvm = ChildJvm.withOptions();

    ChildJvm.Outcome uninterrupted = jvm.run(dir.resolve("straight.log"), TIMEOUT_SECONDS,
        TinyRuns.trainArgs(straight, data));
    assertEquals(0, uninterrupted.exitCode(), uninterrupted.output());

    Random random = new Random(SEED);
    List<String> killedDuring = new ArrayList<>();
    int resumes = 0;
    for (int attempt = 0; ; attempt++) {
      boolean resume = RunFolder.open(killed).hasCheckpoint("latest");
      resumes += resume ? 1 : 0;
      Path log = dir.resolve("killed-" + attempt + ".log");
      Process child = jvm.start(log, resume ? TinyRuns.trainArgs(killed, data, "--resume")
          : TinyRuns.trainArgs(killed, data));
      // From the second kill on, a run without a checkpoint yet is killed only after its first
      // validated epoch (logged after the checkpoints are written), so that at least one resume
      // starts from a checkpoint however slow the machine is.
      String killAfter = killedDuring.isEmpty() || resume ? "tiny from checkpoint" : ": loss ";
      if (killedDuring.size() < KILLS && awaitLine(child, log, killAfter)) {
        Thread.sleep(random.nextInt(MAX_KILL_DELAY_MILLIS));
        if (child.isAlive()) {
          child.destroyForcibly().waitFor();
          killedDuring.add(lastLine(log));
          CheckpointAssertions.assertIntact(killed);
          continue;
        }
      }
      assertTrue(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "training did not finish: " + Files.readString(log));
      assertEquals(0, child.exitValue(), Files.readString(log));
      break;
    }
    System.out.println("killed " + killedDuring.size() + " times, after these log lines: " + killedDuring);

    // A kill can miss when a loaded machine lets the run finish first; two landed kills, one of
    // them after a checkpoint, are what the claim needs.
    assertTrue(killedDuring.size() >= 2, "at least two kills landed while training ran: " + killedDuring);
    assertTrue(resumes > 0, "at least one kill came after a checkpoint, so training resumed from it");
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
      Thread.sleep(20);
    }
    throw new AssertionError("the child never logged '" + text + "': " + Files.readString(log));
  }

  private static String lastLine(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
  }
}
