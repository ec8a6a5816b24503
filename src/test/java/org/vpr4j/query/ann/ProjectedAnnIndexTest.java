package org.vpr4j.query.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.eval.pca.PcaFile;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.query.QuerySearch;

/** An HNSW graph walked in a PCA projection, its candidates re-ranked at full dimension. */
class ProjectedAnnIndexTest {
  @TempDir Path tmp;

  /**
   * 600 database vectors of 256-D in 30 clusters of about 20, and 40 queries around the same
   * centres: a 32-D projection keeps the clusters apart, not the order within them.
   */
  private static final InMemoryDescriptors ALL = AnnIndexTest.clustered(640, 256, 30, 1);
  private static final DescriptorStore DB = ALL.rows(0, 600);
  private static final DescriptorStore QUERIES = ALL.rows(600, 40);
  private static final int K = 5;

  private static SearchResult exact(DescriptorStore db, DescriptorStore q, int k) {
    try (ExactSearch search = new ExactSearch()) {
      return search.search(q, db, k);
    }
  }

  private Path build(String name, DescriptorStore db, boolean int8, int navDim) {
    Path folder = tmp.resolve(name);
    AnnIndex.build(db, folder, new AnnSettings(16, 100, int8, navDim), Map.of("model", "m"));
    return folder;
  }

  @Test
  void reRankingAtFullDimensionRecoversTheTopKThatTheProjectionAloneMisorders() {
    SearchResult truth = exact(DB, QUERIES, K);
    for (boolean int8 : new boolean[] {false, true}) {
      try (AnnIndex ann = AnnIndex.open(build(int8 ? "i8.hnsw" : "f32.hnsw", DB, int8, 32))) {
        assertEquals(32, ann.walkDim());
        assertEquals("32", ann.commitData().get("navDim"));
        assertEquals(ann.commitData().get(AnnIndex.RERANK_FACTOR), Integer.toString(ann.defaultRerankFactor()));
        // ef 40: twice a cluster's size, so the walk returns the query's whole cluster.
        SearchResult found = QuerySearch.approximate(ann, QUERIES, K, 40, ann.defaultRerankFactor());
        double reRanked = SearchResult.recall(truth.indices(), found.indices());
        // Without re-ranking: the exact top k of the projection itself, the best any walk could return.
        SearchResult projectedOnly = exact(new InMemoryDescriptors(DB.rows(), 32, ann.walkVectors(DB.read(0,
            DB.rows()), DB.rows())), new InMemoryDescriptors(QUERIES.rows(), 32, ann.walkVectors(QUERIES.read(0,
            QUERIES.rows()), QUERIES.rows())), K);
        double withoutReRanking = SearchResult.recall(truth.indices(), projectedOnly.indices());
        assertTrue(reRanked >= 0.95, "re-ranked recall " + reRanked + (int8 ? " (int8)" : ""));
        assertTrue(withoutReRanking < 0.6, "the projection alone should misorder the clusters' members: "
            + withoutReRanking);
        for (int q = 0; q < QUERIES.rows(); q++) {
          for (int r = 1; r < K; r++) {
            assertTrue(found.distances()[q][r - 1] <= found.distances()[q][r], "ranked by full-dimension distance");
          }
        }
      }
    }
  }

  @Test
  void aProjectedGraphMeasuresItsOwnRerankFactorAndANarrowerProjectionNeedsADeeperList() {
    int wide;
    int narrow;
    try (AnnIndex ann = AnnIndex.open(build("wide.hnsw", DB, true, 32))) {
      wide = ann.defaultRerankFactor();
      double recall = Double.parseDouble(ann.commitData().get("rerankRecall"));
      assertTrue(recall >= RerankCalibration.TARGET_RECALL, "32-D: factor " + wide + ", recall " + recall);
    }
    try (AnnIndex ann = AnnIndex.open(build("narrow.hnsw", DB, true, 2))) {
      narrow = ann.defaultRerankFactor();
    }
    assertTrue(narrow > wide, "a 2-D walk should need more candidates than a 32-D one: " + narrow + " against " + wide);
    // A plain graph re-ranks what it walks on: nothing to measure.
    try (AnnIndex ann = AnnIndex.open(build("plain.hnsw", DB, true, 0))) {
      assertEquals(AnnSettings.DEFAULT_RERANK_FACTOR, ann.defaultRerankFactor());
      assertEquals(null, ann.commitData().get(AnnIndex.RERANK_FACTOR));
    }
  }

  @Test
  void heldOutQueriesMeasureTheFactorTheGraphsSearchesThenReach() {
    // The 40 rows after the database: queries around the same centres, held out from evaluation.
    DescriptorStore heldOut = ALL.rows(600, 40);
    Path folder = tmp.resolve("held.hnsw");
    AnnIndex.build(DB, folder, new AnnSettings(16, 100, true, 32), Map.of("model", "m"), heldOut);
    try (AnnIndex ann = AnnIndex.open(folder)) {
      assertEquals("40 " + RerankCalibration.HELD_OUT, ann.commitData().get("rerankQueries"));
      double recall = Double.parseDouble(ann.commitData().get("rerankRecall"));
      double lower = Double.parseDouble(ann.commitData().get("rerankRecallLower95"));
      assertTrue(lower >= RerankCalibration.TARGET_RECALL && recall >= lower, recall + ", at least " + lower);
      SearchResult truth = exact(DB, heldOut, RerankCalibration.K);
      SearchResult found = QuerySearch.approximate(ann, heldOut, RerankCalibration.K, AnnSettings.DEFAULT_EF,
          ann.defaultRerankFactor());
      assertEquals(recall, SearchResult.recall(truth.indices(), found.indices()), 1e-4,
          "a search at the recorded factor finds what the build measured");
    }
  }

  @Test
  void heldOutQueriesMayChooseAShallowerListThanQueriesBetweenRows() {
    // 50 rows: the default ef's 50 candidates are the whole database, exact at the first factor tried.
    DescriptorStore small = DB.rows(0, 50);
    Path folder = tmp.resolve("small.hnsw");
    AnnIndex.build(small, folder, new AnnSettings(16, 100, true, 8), Map.of("model", "m"), ALL.rows(600, 40));
    try (AnnIndex ann = AnnIndex.open(folder)) {
      assertEquals(1, ann.defaultRerankFactor());
      assertEquals("1.0000", ann.commitData().get("rerankRecallLower95"));
    }
    try (AnnIndex ann = AnnIndex.open(build("between.hnsw", small, true, 8))) {
      assertEquals("50 " + RerankCalibration.BETWEEN_ROWS, ann.commitData().get("rerankQueries"));
      assertEquals(AnnSettings.DEFAULT_NAV_RERANK_FACTOR, ann.defaultRerankFactor(), "never below the default");
    }
  }

  @Test
  void heldOutQueriesAreRefusedForAGraphNotProjectedOrOfAnotherDimension() {
    VprException plain = assertThrows(VprException.class, () -> AnnIndex.build(DB, tmp.resolve("p.hnsw"),
        new AnnSettings(16, 100, true, 0), Map.of(), ALL.rows(600, 4)));
    assertTrue(plain.getMessage().contains("--hnsw-nav-dim"), plain.getMessage());
    VprException dim = assertThrows(VprException.class, () -> AnnIndex.build(DB, tmp.resolve("d.hnsw"),
        new AnnSettings(16, 100, true, 32), Map.of(), new InMemoryDescriptors(2, 128, new float[256])));
    assertTrue(dim.getMessage().contains("128-D") && dim.getMessage().contains("256-D"), dim.getMessage());
    assertTrue(!Files.exists(tmp.resolve("p.hnsw")) && !Files.exists(tmp.resolve("d.hnsw")), "nothing written");
  }

  @Test
  void aCalibrationQueryLiesHalfwayToTheNearestOtherRowAtTheRowsLength() {
    float[] rows = {0, 3, 4};
    float[] out = new float[3];
    RerankCalibration.between(rows, 1, new float[] {4, 0}, out, 1, 2);
    // The midpoint (3.5, 2) scaled to length 5.
    double norm = Math.hypot(3.5, 2);
    assertEquals(3.5 * 5 / norm, out[1], 1e-5);
    assertEquals(2 * 5 / norm, out[2], 1e-5);
    assertEquals(0f, out[0]);
  }

  @Test
  void theFactorIsChosenByTheLowerEndOfTheRecallsConfidenceInterval() {
    assertEquals(1.0, RerankCalibration.lowerBound(new double[] {1, 1, 1, 1}), 0);
    // Mean 0.5, standard deviation 0.7071, standard error 0.5: 0.5 - 1.96 x 0.5.
    assertEquals(-0.48, RerankCalibration.lowerBound(new double[] {1, 0}), 1e-12);
    // 199 whole queries and one lost: the mean 0.995 passes 0.99, its lower bound (0.9852) does not.
    double[] oneLost = new double[200];
    java.util.Arrays.fill(oneLost, 1);
    oneLost[0] = 0;
    assertEquals(0.995 - 1.96 * Math.sqrt(0.995 * 0.005 * 200 / 199 / 200), RerankCalibration.lowerBound(oneLost), 1e-12);
    assertTrue(RerankCalibration.lowerBound(oneLost) < RerankCalibration.TARGET_RECALL);
  }

  @Test
  void theRowItselfIsLeftOutOfItsOwnNeighbours() {
    assertArrayEquals(new int[] {4, 9}, RerankCalibration.others(new int[] {7, 4, 9, 2}, 7, 2));
    assertArrayEquals(new int[] {4, 9}, RerankCalibration.others(new int[] {4, 7, 9, 2}, 7, 2));
    assertArrayEquals(new int[] {4, 9}, RerankCalibration.others(new int[] {4, 9, 2}, 7, 2));
  }

  @Test
  void theProjectionIsStoredWithTheGraphAndAMovedCopyAnswersTheSame() throws Exception {
    Path folder = build("a.hnsw", DB, true, 32);
    assertEquals(32, PcaFile.read(folder.resolve(NavigationProjection.FILE)).dim());
    Path moved = tmp.resolve("moved.hnsw");
    AtomicFiles.writeFolder(moved, t -> {
      try (var files = Files.list(folder)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, t.resolve(f.getFileName()));
        }
      }
    });
    SearchResult first;
    try (AnnIndex ann = AnnIndex.open(folder)) {
      first = QuerySearch.approximate(ann, QUERIES, K, 40, 4);
    }
    AtomicFiles.deleteRecursively(folder);
    try (AnnIndex ann = AnnIndex.open(moved)) {
      SearchResult again = QuerySearch.approximate(ann, QUERIES, K, 40, 4);
      for (int q = 0; q < QUERIES.rows(); q++) {
        assertArrayEquals(first.indices()[q], again.indices()[q], "query " + q);
        assertArrayEquals(first.distances()[q], again.distances()[q], "query " + q);
      }
    }
  }

  @Test
  void refusesANavigationDimensionNotBelowTheDescriptorsOrAboveTheirNumber() {
    VprException tooWide = assertThrows(VprException.class, () -> build("w.hnsw", AnnIndexTest.clustered(100, 32, 3,
        1), false, 40));
    assertTrue(tooWide.getMessage().contains("40") && tooWide.getMessage().contains("32"), tooWide.getMessage());
    VprException tooFew = assertThrows(VprException.class, () -> build("f.hnsw", AnnIndexTest.clustered(20, 64, 3,
        1), false, 30));
    assertTrue(tooFew.getMessage().contains("30") && tooFew.getMessage().contains("20"), tooFew.getMessage());
    assertTrue(Files.notExists(tmp.resolve("w.hnsw")) && Files.notExists(tmp.resolve("f.hnsw")));
  }

  @Test
  void refusesAProjectionOfAnotherShapeOrAnotherGraphNamingTheFile() throws Exception {
    InMemoryDescriptors db = AnnIndexTest.clustered(200, 64, 5, 3);
    Path graph = build("g.hnsw", db, false, 16);
    Path narrower = build("n.hnsw", db, false, 8);
    Path other = build("o.hnsw", AnnIndexTest.clustered(200, 64, 5, 4), false, 16);
    Path file = graph.resolve(NavigationProjection.FILE);

    Files.copy(narrower.resolve(NavigationProjection.FILE), file, StandardCopyOption.REPLACE_EXISTING);
    VprException shape = assertThrows(VprException.class, () -> AnnIndex.open(graph));
    assertTrue(shape.getMessage().contains(file.toString()) && shape.getMessage().contains("8-D")
        && shape.getMessage().contains("16-D"), shape.getMessage());

    Files.copy(other.resolve(NavigationProjection.FILE), file, StandardCopyOption.REPLACE_EXISTING);
    VprException swapped = assertThrows(VprException.class, () -> AnnIndex.open(graph));
    assertTrue(swapped.getMessage().contains(file.toString()) && swapped.getMessage().contains("SHA-256"),
        swapped.getMessage());

    Files.delete(file);
    VprException missing = assertThrows(VprException.class, () -> AnnIndex.open(graph));
    assertTrue(missing.getMessage().contains(file.toString()), missing.getMessage());
  }
}
