package org.vpr4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.SparkMain;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.io.RunFolder;

/**
 * Extract on several processes: Spark's {@code local-cluster} mode (a master and two workers in
 * this JVM, each executor a JVM of its own, started from this test's classpath). One executor is
 * killed (SIGKILL) while the job runs; Spark runs its task again elsewhere, and the output must hold
 * exactly the rows of an undisturbed run, descriptors bit for bit.
 */
class ExecutorKillTest {
  @TempDir Path dir;

  /** The executors' folders, which local-cluster's workers keep under ./work/APP-ID. */
  private Path executorFolders;

  @AfterEach
  void stop() throws Exception {
    SparkSessions.stop();
    if (executorFolders != null && Files.isDirectory(executorFolders)) {
      org.vpr4j.io.AtomicFiles.deleteRecursively(executorFolders);
      try (var left = Files.list(executorFolders.getParent())) {
        if (left.findAny().isEmpty()) {
          Files.delete(executorFolders.getParent());
        }
      }
    }
  }

  @Test
  void killingAnExecutorMidExtractLeavesTheUndisturbedOutput() throws Exception {
    Path data = TinyData.utmFolders(dir.resolve("data"), "tiny", 12, 5);
    RunFolder run = TinyData.runFolder(dir.resolve("run"), "tiny-kill", 8, "[]", 3);
    String[] common = {"extract", "--run", run.root().toString(), "--dataset", data.toString(), "--layout", "utm",
        "--split", "tiny", "--partitions", "8", "--batch-size", "2"};

    // local-cluster's workers build each executor's command line with Spark's launcher, which looks
    // for a Spark distribution; in its testing mode (SPARK_TESTING) it takes the class path it is given.
    SparkSession spark = SparkSession.builder().appName("vpr4j-kill-test").master("local-cluster[2,1,1024]")
        .config("spark.executorEnv.SPARK_TESTING", "1")
        .config("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .config("spark.executorEnv.TF_CPP_MIN_LOG_LEVEL", "2")
        .config("spark.ui.enabled", "false")
        .getOrCreate();
    Path undisturbed = dir.resolve("undisturbed");
    assertEquals(0, SparkMain.run(SparkPipelineTest.cat(common, "--out", undisturbed.toString())));
    executorFolders = Path.of("work", spark.sparkContext().applicationId()).toAbsolutePath();
    Killer killer = new Killer();
    spark.sparkContext().addSparkListener(killer);
    Path disturbed = dir.resolve("disturbed");
    assertEquals(0, SparkMain.run(SparkPipelineTest.cat(common, "--out", disturbed.toString())));

    assertTrue(killer.killed.get() != null, () -> "an executor was killed during the job: " + killer.seen.get());
    assertTrue(killer.failedTasks.get() > 0 || killer.removed.get() > 0,
        "Spark noticed the lost executor (failed tasks " + killer.failedTasks + ", executors removed "
            + killer.removed + ")");
    List<Row> expected = spark.read().parquet(undisturbed.toString()).orderBy("index").collectAsList();
    List<Row> actual = spark.read().parquet(disturbed.toString()).orderBy("index").collectAsList();
    assertEquals(24, expected.size());
    assertEquals(expected, actual, "the rows, descriptors bit for bit");
    for (int p = 0; p < 8; p++) {
      assertTrue(Files.isRegularFile(disturbed.resolve(ExtractPart.fileName(p))));
    }
    assertEquals(List.of(), Files.list(disturbed).map(f -> f.getFileName().toString())
        .filter(n -> n.endsWith(".tmp")).toList(), "no temporary file left behind");
  }

  /** Kills the process of an executor that runs a task as soon as the job's first task has finished. */
  static final class Killer extends SparkListener {
    final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    final AtomicReference<String> killed = new AtomicReference<>();
    final AtomicInteger failedTasks = new AtomicInteger();
    final AtomicInteger removed = new AtomicInteger();
    final AtomicReference<String> seen = new AtomicReference<>("no task finished");

    /** The process's command line, from /proc (ProcessHandle.Info may leave it out). */
    static String commandLine(ProcessHandle h) {
      try {
        return Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline")).replace('\0', ' ');
      } catch (java.io.IOException e) {
        return h.info().commandLine().orElse("");
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
      running.computeIfAbsent(start.taskInfo().executorId(), e -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      String executor = end.taskInfo().executorId();
      running.computeIfAbsent(executor, e -> new AtomicInteger()).decrementAndGet();
      if (!end.taskInfo().successful()) {
        failedTasks.incrementAndGet();
        return;
      }
      if (killed.get() != null) {
        return;
      }
      String victim = running.entrySet().stream().filter(e -> e.getValue().get() > 0).map(Map.Entry::getKey)
          .findFirst().orElse(executor);
      List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
      Optional<ProcessHandle> process = children.stream()
          .filter(h -> commandLine(h).contains("CoarseGrainedExecutorBackend")
              && commandLine(h).contains("--executor-id " + victim + " "))
          .findFirst();
      if (process.isPresent() && killed.compareAndSet(null, victim)) {
        process.get().destroyForcibly();
      } else if (process.isEmpty()) {
        seen.set("executor " + victim + " not among " + children.stream().map(Killer::commandLine).toList());
      }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removedEvent) {
      removed.incrementAndGet();
    }
  }
}
