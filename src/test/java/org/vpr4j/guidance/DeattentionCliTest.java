package org.vpr4j.guidance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.io.WeightsFile;

/**
 * The paper's best model in miniature through the command line: de-attention + SE, sTML, mask loss
 * against label images (human, vehicle and sky as distractors); de-attention clustering; targets
 * cached per split; the segmenter as the other source.
 */
class DeattentionCliTest {
  @TempDir static Path dir;
  static Path data;
  static Path graph;

  @BeforeAll
  static void dataset() throws Exception {
    data = dir.resolve("city");
    TinyData.labelledPittsburgh(data, "tiny_train", 10, 80, 64, 1, true);
    TinyData.labelledPittsburgh(data, "tiny_val", 5, 80, 64, 2, true);
    graph = dir.resolve("tiny-deatt-stml.json");
    Files.writeString(graph, "{\"name\":\"tiny-deatt-stml\",\"model\":{\"width\":0.0625,\"inputWidth\":80,"
        + "\"inputHeight\":64,\"numClusters\":8,\"attentions\":[\"deattention\",\"senet\"]},"
        + "\"training\":{\"loss\":\"stml\",\"margin\":0.1,\"stmlPnMargin\":1.4,\"miningMargin\":1.5,\"epochs\":1,"
        + "\"cacheBatchSize\":8,\"negativesPerQuery\":3,\"lr\":0.01,\"maskLossWeight\":0.1,"
        + "\"distractors\":[\"human\",\"vehicle\",\"sky\"],\"cacheModel\":\"encoder-pool\"}}");
  }

  @Test
  void clusterAndTrainWithLabelGuidance() throws Exception {
    Path run = dir.resolve("run");
    String ds = data.toString();
    assertEquals(0, Main.run("cluster", "--graph", graph.toString(), "--dataset", ds, "--split", "tiny_train",
        "--out", run.toString(), "--images", "20", "--per-image", "8", "--iterations", "10"));
    String clustering = WeightsFile.read(run.resolve("checkpoints/init.h5")).attributes().get("clustering");
    assertTrue(clustering.startsWith("de-attention"), clustering);

    assertEquals(0, Main.run("train", "--run", run.toString(), "--dataset", ds, "--train-split", "tiny_train",
        "--val-split", "tiny_val"));
    Path cache = run.resolve("guidance/tiny_train-labels-sky+human+vehicle-bicubic-80x64.hdf5");
    assertTrue(Files.isRegularFile(cache), "targets cached per split");
    assertEquals("labels, distractors sky+human+vehicle, bicubic",
        WeightsFile.read(run.resolve("checkpoints/best.h5")).attributes().get("guidance"));
    String log = Files.readString(run.resolve("logs/train.log"));
    assertTrue(log.contains("semantic guidance from label images") && log.contains("took their mask targets from the"
        + " cache"), log);
    try (var files = Files.list(run.resolve("tensorboard"))) {
      Path events = files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents")).findFirst()
          .orElseThrow();
      String bytes = new String(Files.readAllBytes(events), StandardCharsets.ISO_8859_1);
      assertTrue(bytes.contains("Train/Loss_DeAtt"), "the mask loss is logged to TensorBoard");
    }

    Path segmenter = SegmenterSourceTest.model();
    assertEquals(0, Main.run("guidance", "--run", run.toString(), "--dataset", ds, "--split", "tiny_val",
        "--segmenter", segmenter.toString(), "--mask-grid", "area"));
    assertTrue(Files.isRegularFile(run.resolve("guidance/tiny_val-segmenter-tiny_segmenter-sky+human+vehicle-area-80x64.hdf5")));
  }

  @Test
  void trainingWithoutAnyGuidanceNamesWhatIsMissing() throws Exception {
    Path bare = dir.resolve("bare");
    TinyData.labelledPittsburgh(bare, "tiny_train", 4, 80, 64, 3, false);
    Path run = dir.resolve("bare-run");
    assertEquals(0, Main.run("cluster", "--graph", graph.toString(), "--dataset", bare.toString(), "--split",
        "tiny_train", "--out", run.toString(), "--images", "8", "--per-image", "8", "--iterations", "5",
        "--no-deattention-guidance"));
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("train", "--run", run.toString(), "--dataset", bare.toString(), "--train-split", "tiny_train",
          "--val-split", "tiny_train");
    } finally {
      System.setErr(err);
    }
    String message = captured.toString(StandardCharsets.UTF_8);
    assertEquals(Main.EXIT_USAGE, code, message);
    assertTrue(message.contains("tiny-deatt-stml") && message.contains(bare.resolve("labels").toString())
        && message.contains("--segmenter"), message);
  }
}
