package org.vpr4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.PcaFile;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.io.RunFolder;

/**
 * {@code vpr4j pca} and its use by test, query and export, with a tiny real model making 512-D
 * descriptors and a training split of 260 database images (enough for the smallest offered
 * dimension, 256).
 */
class PcaCliTest {
  @TempDir static Path dir;
  static Path data;
  static RunFolder run;

  @BeforeAll
  static void learn() throws Exception {
    data = dir.resolve("data");
    TinyData.pittsburgh(data, "tiny_train", 130, 64, 64, 1);
    TinyData.pittsburgh(data, "tiny_test", 12, 64, 64, 2);
    run = TinyData.runFolder(dir.resolve("run"), "tiny", 16, "[]", 1);
    CapturedRun r = CapturedRun.of("pca", "--run", run.root().toString(), "--dataset", data.toString(), "--split",
        "tiny_train", "--dim", "256", "--whiten", "--batch-size", "32");
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.out().contains("512 -> 256 with whitening learned from 260 descriptors"), r.all());
  }

  @Test
  void aSmallerOrDifferentlyWhitenedPcaIsCutFromALearnedOneWithoutDescribingImages() throws Exception {
    java.util.Random r = new java.util.Random(5);
    float[][] components = new float[512][512];
    double[] eigenvalues = new double[512];
    for (int i = 0; i < 512; i++) {
      for (int j = 0; j < 512; j++) {
        components[i][j] = (float) r.nextGaussian();
      }
      eigenvalues[i] = 512 - i;
    }
    Pca big = new Pca(new float[512], components, eigenvalues, 200_000, false, Pca.DEFAULT_EPS,
        java.util.Map.of("source", "test"));
    Path bigFile = dir.resolve("big.hdf5");
    PcaFile.write(bigFile, big);
    Path cutFile = dir.resolve("cut.hdf5");
    CapturedRun cut = CapturedRun.of("pca", "--from", bigFile.toString(), "--dim", "256", "--whiten", "--out",
        cutFile.toString());
    assertEquals(0, cut.exitCode(), cut.all());
    assertTrue(cut.out().contains("512 -> 256 with whitening cut from"), cut.all());
    Pca got = PcaFile.read(cutFile, 512);
    assertEquals(256, got.dim());
    assertTrue(got.whiten());
    for (int i = 0; i < 256; i++) {
      assertArrayEquals(components[i], got.components()[i], "component " + i);
      assertEquals(eigenvalues[i], got.eigenvalues()[i]);
    }
    assertEquals(200_000, got.totalVariance());
    assertEquals("test", got.origin().get("source"));
    assertEquals(bigFile.toAbsolutePath().normalize().toString(), got.origin().get("derivedFrom"));

    CapturedRun wider = CapturedRun.of("pca", "--from", cutFile.toString(), "--dim", "512", "--out",
        dir.resolve("wider.hdf5").toString());
    assertEquals(2, wider.exitCode(), wider.all());
    assertTrue(wider.err().contains("512") && wider.err().contains("256") && wider.err().contains(cutFile.toString()),
        wider.all());
    assertTrue(Files.notExists(dir.resolve("wider.hdf5")));
    CapturedRun noRun = CapturedRun.of("pca", "--dim", "256");
    assertEquals(2, noRun.exitCode(), noRun.all());
    assertTrue(noRun.err().contains("--run is required"), noRun.all());
  }

  @Test
  void theRunsPcaIsRecordedAndAppliedByTest() throws Exception {
    Pca pca = PcaFile.read(run.pca(), 512);
    assertEquals(256, pca.dim());
    assertTrue(pca.whiten());
    assertEquals("tiny_train database", pca.origin().get("source"));
    assertEquals("260", pca.origin().get("count"));
    assertEquals(0, Main.run("test", "--run", run.root().toString(), "--dataset", data.toString(), "--split",
        "tiny_test", "--batch-size", "12"));
    assertEquals(0, Main.run("test", "--run", run.root().toString(), "--dataset", data.toString(), "--split",
        "tiny_test", "--batch-size", "12", "--pca", "none"));
    assertEquals(0, Main.run("test", "--run", run.root().toString(), "--dataset", data.toString(), "--split",
        "tiny_test", "--batch-size", "12", "--pca-transductive", "16"));
    for (String label : new String[] {"init-pca256w", "init", "init-tpca16"}) {
      Path json = run.reports().resolve("test-tiny_test-" + label + ".json");
      assertTrue(Files.isRegularFile(json), "a report of its own for " + label);
      JsonNode report = GraphConfig.json().readTree(json.toFile());
      assertTrue(report.toString().contains("recall"), report.toString());
    }
  }

  @Test
  void queryIndexRecordsThePcaAndSearchRefusesAChangedOne() throws Exception {
    Path index = dir.resolve("idx.h5");
    assertEquals(0, Main.run("query", "index", "--run", run.root().toString(), "--dataset", data.toString(),
        "--split", "tiny_test", "--out", index.toString()));
    CapturedRun ok = CapturedRun.of("query", "search", "--index", index.toString(), "--dataset", data.toString(),
        "--split", "tiny_test", "--top-k", "3");
    assertEquals(0, ok.exitCode(), ok.all());
    // Another PCA in the same place (e.g. relearned) no longer matches the index.
    Path copy = dir.resolve("run-copy");
    TinyData.runFolder(copy, "tiny", 16, "[]", 1);
    Files.copy(run.pca(), copy.resolve(RunFolder.PCA));
    Pca other = PcaFile.read(run.pca()).withWhiten(false);
    Path otherIndex = dir.resolve("idx2.h5");
    assertEquals(0, Main.run("query", "index", "--run", copy.toString(), "--dataset", data.toString(),
        "--split", "tiny_test", "--out", otherIndex.toString()));
    PcaFile.write(copy.resolve(RunFolder.PCA), other);
    CapturedRun refused = CapturedRun.of("query", "search", "--index", otherIndex.toString(), "--dataset",
        data.toString(), "--split", "tiny_test");
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("is not the one index") && refused.err().contains(RunFolder.PCA),
        refused.all());
  }

  @Test
  void exportBakesThePcaBesideTheDescriptor() throws Exception {
    Path out = dir.resolve("export");
    CapturedRun r = CapturedRun.of("export", "--run", run.root().toString(), "--dataset", data.toString(),
        "--split", "tiny_test", "--out", out.toString(), "--check-images", "2");
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.out().contains("descriptor_pca (pca256w, 256-D) beside descriptor"), r.all());
    JsonNode d = GraphConfig.json().readTree(out.resolve("vpr4j-export.json").toFile());
    assertEquals(256, d.get("descriptor_pca").get("dim").asInt());
    assertTrue(d.get("signatures").toString().contains("descriptor_pca"), d.toString());
  }

  @Test
  void badInputNamesTheNumbersOrTheFile() throws Exception {
    CapturedRun few = CapturedRun.of("pca", "--run", run.root().toString(), "--dataset", data.toString(),
        "--split", "tiny_test", "--dim", "256");
    assertEquals(2, few.exitCode(), few.all());
    assertTrue(few.err().contains("256") && few.err().contains("24"), few.all());
    CapturedRun odd = CapturedRun.of("pca", "--run", run.root().toString(), "--dataset", data.toString(),
        "--split", "tiny_train", "--dim", "300");
    assertEquals(2, odd.exitCode(), odd.all());
    // A PCA of 256-D descriptors offered to a model making 512-D ones.
    Path small = dir.resolve("small-run");
    TinyData.runFolder(small, "small", 8, "[]", 1);
    Path wrong = small.resolve("foreign.hdf5");
    Pca pca = PcaFile.read(run.pca());
    float[][] cut = new float[16][];
    for (int i = 0; i < 16; i++) {
      cut[i] = java.util.Arrays.copyOf(pca.components()[i], 256);
    }
    PcaFile.write(wrong, new Pca(java.util.Arrays.copyOf(pca.mean(), 256), cut,
        java.util.Arrays.copyOf(pca.eigenvalues(), 16), 1, false, 1e-9, java.util.Map.of()));
    CapturedRun mismatch = CapturedRun.of("test", "--run", run.root().toString(), "--dataset", data.toString(),
        "--split", "tiny_test", "--pca", wrong.toString());
    assertEquals(2, mismatch.exitCode(), mismatch.all());
    assertTrue(mismatch.err().contains(wrong.toString()) && mismatch.err().contains("256-D"), mismatch.all());
  }
}
