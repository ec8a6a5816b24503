package org.vpr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.fixtures.TinyRuns;

/** cluster -> test -> train -> resume -> test -> export through the command line, on a tiny dataset. */
class PipelineCliTest {
  @TempDir static Path dir;
  static Path data;
  static Path graph;

  @BeforeAll
  static void dataset() throws Exception {
    data = dir.resolve("data");
    TinyData.pittsburgh(data, "tiny_train", 12, 64, 48, 1);
    TinyData.pittsburgh(data, "tiny_val", 6, 64, 48, 2);
    TinyData.pittsburgh(data, "tiny_test", 6, 64, 48, 3);
    graph = TinyRuns.graph(dir.resolve("tiny.json"), "\"epochs\":2");
  }

  static int vpr4j(String... args) {
    return Main.run(args);
  }

  @Test
  void clusterTestTrainResumeAndExport() throws Exception {
    Path run = dir.resolve("run");
    String ds = data.toString();
    assertEquals(0, vpr4j("cluster", "--graph", graph.toString(), "--dataset", ds, "--split", "tiny_train",
        "--out", run.toString(), "--images", "20", "--per-image", "12", "--iterations", "10"));
    assertTrue(Files.isRegularFile(run.resolve("checkpoints/init.h5")));
    assertTrue(Files.isRegularFile(run.resolve("centroids.hdf5")));

    assertEquals(0, vpr4j("test", "--run", run.toString(), "--dataset", ds, "--split", "tiny_test", "--ckpt", "init"));
    JsonNode report = GraphConfig.json().readTree(run.resolve("reports/test-tiny_test-init.json").toFile());
    assertEquals(6, report.get("numQ").asInt());
    assertTrue(report.get("recall").get("25").asDouble() == 100.0, "recall@25 covers all 12 database images");

    assertEquals(0, vpr4j("train", "--run", run.toString(), "--dataset", ds, "--train-split", "tiny_train",
        "--val-split", "tiny_val", "--epochs", "1"));
    assertTrue(Files.isRegularFile(run.resolve("checkpoints/latest.h5")));
    assertTrue(Files.isRegularFile(run.resolve("checkpoints/best.h5")));
    assertEquals(0, vpr4j("train", "--run", run.toString(), "--dataset", ds, "--train-split", "tiny_train",
        "--val-split", "tiny_val", "--resume", "--epochs", "2"));
    try (var files = Files.list(run.resolve("tensorboard"))) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("events.out.tfevents")));
    }
    assertTrue(Files.readString(run.resolve("logs/train.log")).contains("resuming"));

    assertEquals(0, vpr4j("test", "--run", run.toString(), "--dataset", ds, "--split", "tiny_test"));
    assertTrue(Files.isRegularFile(run.resolve("reports/test-tiny_test-best.md")));

    Path export = dir.resolve("export");
    assertEquals(0, vpr4j("export", "--run", run.toString(), "--dataset", ds, "--split", "tiny_test",
        "--out", export.toString()));
    assertTrue(Files.isRegularFile(export.resolve("saved_model.pb")));
  }

  @Test
  void missingRunFolderIsAClearError() {
    assertEquals(Main.EXIT_USAGE, vpr4j("test", "--run", dir.resolve("nope").toString()));
  }
}
