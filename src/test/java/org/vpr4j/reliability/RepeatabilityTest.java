package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cluster.CentroidFile;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyRuns;
import org.vpr4j.io.RunFolder;

/**
 * The same seed gives the same results on the same CPU: k-means centroids and initial weights
 * bit for bit, and the same training loss curve and weights. A different seed gives other centroids,
 * so the comparison can fail.
 */
class RepeatabilityTest {
  @TempDir static Path dir;
  static Path data;
  static Path graph;
  /** A run folder from cluster with the default seed. */
  static Path a;

  @BeforeAll
  static void clusterOnce() throws Exception {
    data = TinyRuns.dataset(dir.resolve("data"), 12);
    graph = TinyRuns.graph(dir.resolve("tiny.json"), "\"epochs\":2");
    a = TinyRuns.cluster(graph, data, dir.resolve("a"));
  }

  @Test
  void theSameSeedGivesBitIdenticalCentroidsAndInitialWeights() {
    Path b = TinyRuns.cluster(graph, data, dir.resolve("b"));
    Path other = dir.resolve("other");
    assertEquals(0, CapturedRun.of(TinyRuns.with(TinyRuns.clusterArgs(graph, data, other), "--seed", "124")).exitCode());

    float[][] ca = CentroidFile.readCentroids(RunFolder.open(a).centroids());
    assertTrue(Arrays.deepEquals(ca, CentroidFile.readCentroids(RunFolder.open(b).centroids())), "centroids");
    assertTrue(Arrays.deepEquals(CentroidFile.readDescriptors(RunFolder.open(a).centroids()),
        CentroidFile.readDescriptors(RunFolder.open(b).centroids())), "sampled descriptors");
    CheckpointAssertions.assertSameTensors(RunFolder.open(a).checkpoint("init"), RunFolder.open(b).checkpoint("init"));
    assertFalse(Arrays.deepEquals(ca, CentroidFile.readCentroids(RunFolder.open(other).centroids())),
        "another seed gives other centroids");
  }

  @Test
  void theSameSeedGivesTheSameLossCurveAndWeights() throws Exception {
    Path first = TinyRuns.copy(a, dir.resolve("first"));
    Path second = TinyRuns.copy(a, dir.resolve("second"));
    assertEquals(0, CapturedRun.of(TinyRuns.trainArgs(first, data)).exitCode());
    assertEquals(0, CapturedRun.of(TinyRuns.trainArgs(second, data)).exitCode());

    // Loss, recall and step counts per epoch, and every tensor (optimizer slots included).
    CheckpointAssertions.assertSameTraining(first, second, "latest");
    assertEquals(2, CheckpointAssertions.state(second, "latest").history().size());
  }
}
