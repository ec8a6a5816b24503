package org.vpr4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.eval.MappedDescriptors;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.eval.VectorDistance;
import org.vpr4j.query.ann.AnnSettings;

/** The clustered vectors of {@code bench --what scale}: reproducible, and with a near top 25. */
class ScaleBenchmarkDataTest {
  @TempDir Path dir;

  @Test
  void aQuerysTop25LiesAlongItsStreetFarNearerThanTheRestOfTheCity() {
    ClusteredCity city = ClusteredCity.make(dir, 2000, 20, 256, 3, 25);
    MappedDescriptors dbs = city.database();
    MappedDescriptors qs = city.queries();
    SearchResult r = city.exact();
    for (int i = 0; i < qs.rows(); i++) {
      // A street holds 100 rows (25 places x 4 views), stored street by street.
      int street = r.indices()[i][0] / 100;
      for (int j : r.indices()[i]) {
        assertEquals(street, j / 100, "query " + i + ": all of the top 25 on one street");
      }
      // By construction the 25th neighbour is about 0.9 away and another street's vector about 1.4
      // (squared distances add: 2 x 0.36 view noise + steps, against 2 x (1 + 0.36)), far beyond
      // the sampling noise of 256 coordinates.
      double other = VectorDistance.euclidean(qs.row(i), dbs.row((street + 1) % 20 * 100));
      assertTrue(r.distances()[i][24] < 0.8 * other, "query " + i + ": " + r.distances()[i][24] + " vs " + other);
    }
  }

  @Test
  void theSameSeedMakesTheSameVectorsAndAnEarlierFileIsReused() throws Exception {
    Path a = dir.resolve("a.f32");
    Path b = dir.resolve("b.f32");
    ScaleBenchmark.clustered(a, 300, 32, 7, 0);
    ScaleBenchmark.clustered(b, 300, 32, 7, 0);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    long modified = Files.getLastModifiedTime(a).toMillis();
    Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(modified - 60_000));
    ScaleBenchmark.clustered(a, 300, 32, 7, 0);
    assertEquals(modified - 60_000, Files.getLastModifiedTime(a).toMillis(), "not generated again");
  }
  @Test
  void theBenchMeasuresExactAndHnswSearchTheLatterInAProcessOfItsOwn() throws Exception {
    // 5 streets of 100 vectors at 64-D, 20 queries; the HNSW rows come from a child JVM.
    ScaleBenchmark.Sizes sizes = new ScaleBenchmark.Sizes(500, 20, 64, 32768, 0, 25, 50, 0,
        new org.vpr4j.query.ann.AnnSettings(8, 50, false, 0));
    String report = ScaleBenchmark.run(sizes, dir.resolve("work"), "/usr/bin/python3", java.util.List.of("exact", "fp32"));
    java.util.List<String> rows = report.lines().filter(l -> l.startsWith("| vpr4j")).toList();
    assertEquals(1 + ScaleBenchmark.efSweep(50, 25).length, rows.size(), report);
    for (String row : rows) {
      String[] cells = row.split("\\|");
      assertTrue(Double.parseDouble(cells[4].trim()) > 100, "a peak RSS in MB: " + row);
      assertTrue(Double.parseDouble(cells[6].trim()) > 0, "queries per second: " + row);
      // 500 vectors: the graph walk at ef >= 25 finds (nearly) all of the exact top 25.
      assertTrue(Double.parseDouble(cells[7].trim()) >= 0.95, "recall: " + row);
    }
    assertTrue(report.contains("HNSW fp32 at ef 50 compares a query with"), report);
    assertTrue(report.contains("Lucene's"), "names the distance kernels: " + report);
    assertTrue(Files.notExists(dir.resolve("work/hnsw-fp32")), "the graph is removed after the bench");
  }

  @Test
  void theBenchMeasuresAGraphWalkedInAProjectionWithItsSpectrumAndCeiling() throws Exception {
    // 5 streets of 100 vectors at 64-D walked at 16-D; with --rerank-factor 4 (else the graph's own
    // measured factor), its rows sweep the factor (1, 2, 4, 8, 16 at ef 50, k 25: 50, 100, 200 and
    // 400 candidates), 100 the default.
    ScaleBenchmark.Sizes sizes = new ScaleBenchmark.Sizes(500, 20, 64, 32768, 0, 25, 50, 4,
        new AnnSettings(8, 50, false, 0));
    String report = ScaleBenchmark.run(sizes, dir.resolve("work"), "/usr/bin/python3", List.of("exact", "int8-nav16"));
    List<String> rows = report.lines().filter(l -> l.startsWith("| vpr4j HNSW int8 walked at 16-D")).toList();
    assertEquals(4, rows.size(), report);
    assertTrue(rows.get(0).contains("50 candidates)") && rows.get(1).contains("100 candidates) **default**")
        && rows.get(2).contains("200 candidates)") && rows.get(3).contains("400 candidates)"), report);
    for (String row : rows) {
      String[] cells = row.split("\\|");
      assertTrue(Double.parseDouble(cells[6].trim()) > 0, "queries per second: " + row);
      assertTrue(Double.parseDouble(cells[7].trim()) >= 0.9, "recall: " + row);
    }
    assertTrue(report.contains("Navigation PCA 16-D") && report.contains("of the variance"), report);
    assertTrue(report.contains("the exact top 50, 100, 200, 400 of the projection hold"), report);
    assertTrue(report.contains("HNSW int8-nav16 with 100 candidates compares a query with"), report);
    assertTrue(Files.notExists(dir.resolve("work/hnsw-int8-nav16")), "the graph is removed after the bench");
    VprException e = assertThrows(VprException.class,
        () -> ScaleBenchmark.run(sizes, dir.resolve("work"), "/usr/bin/python3", List.of("int8-nav")));
    assertTrue(e.getMessage().contains("int8-navD"), e.getMessage());
  }
}
