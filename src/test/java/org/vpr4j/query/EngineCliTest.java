package org.vpr4j.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.io.RunFolder;

/**
 * {@code --engine} on the commands that describe images: an index described by ONNX Runtime
 * holds TensorFlow's descriptors within 1e-5 (a de-attention + SENet model, the paper's best),
 * and either engine's index answers queries described by the other.
 */
class EngineCliTest {
  @TempDir static Path dir;
  static Path data;
  static RunFolder run;

  @BeforeAll
  static void tinyRun() throws Exception {
    data = TinyData.utmFolders(dir.resolve("data"), "tiny", 5, 3);
    run = TinyData.runFolder(dir.resolve("run"), "tiny-best", 8, "[\"deattention\", \"senet\"]", 1);
  }

  private static Path index(String engine) {
    Path out = dir.resolve("tiny-" + engine + ".h5");
    assertEquals(0, Main.run("query", "index", "--run", run.root().toString(), "--dataset", data.toString(),
        "--layout", "utm", "--split", "tiny", "--out", out.toString(), "--batch-size", "4", "--engine", engine));
    return out;
  }

  @Test
  void ortIndexesAsTensorFlowAndAnswersItsQueries() {
    PlaceIndex tf = IndexFile.read(index("tf"));
    PlaceIndex ort = IndexFile.read(index("ort"));
    assertEquals(tf.size(), ort.size());
    float[] a = tf.descriptors().read(0, tf.size());
    float[] b = ort.descriptors().read(0, ort.size());
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    assertTrue(max <= 1e-5, "ONNX Runtime's index differs from TensorFlow's by " + max);
    assertEquals(0, Main.run("query", "search", "--index", tf.file().toString(), "--images",
        data.resolve("images/tiny/queries").toString(), "--top-k", "3", "--engine", "ort"));
    assertEquals(0, Main.run("test", "--run", run.root().toString(), "--dataset", data.toString(), "--layout", "utm",
        "--split", "tiny", "--batch-size", "4", "--engine", "ort"));
  }

  @Test
  void anUnknownEngineIsAUsageError() {
    CapturedRun.assertUsageError(Main::run, "query search: --engine 'cuda' is not an engine: use auto, tf or ort",
        "query", "search", "--index", dir.resolve("none.h5").toString(), "--images", data.toString(),
        "--engine", "cuda");
  }
}
