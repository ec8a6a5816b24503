package org.vpr4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.eval.MappedDescriptors;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.eval.VectorDistance;
import org.vpr4j.query.ann.AnnSettings;

/** jvector's graph in the scale bench: built from the bench's vectors, searched from disk, near the exact top 25. */
class JVectorGraphTest {
  @TempDir Path dir;

  @Test
  void theGraphOnDiskFindsTheExactTop25WithFloatVectorsAndWithPqCodes() throws Exception {
    // 20 streets of 100 vectors at 64-D, 50 queries.
    ClusteredCity city = ClusteredCity.make(dir, 2000, 50, 64, 5, 25);
    MappedDescriptors dbs = city.database();
    MappedDescriptors qs = city.queries();
    SearchResult exact = city.exact();
    JVectorGraph.Settings settings = JVectorGraph.Settings.like(new AnnSettings(16, 100, false, 0), 64, true);
    assertEquals(32, settings.maxDegree(), "Lucene's M 16 keeps 32 neighbours on its bottom layer");
    assertEquals(8, settings.pqSubspaces(), "one PQ byte per 8 dimensions");
    Path folder = dir.resolve("jvector");
    JVectorGraph.build(dbs, folder, settings);
    assertTrue(JVectorGraph.sizeOnDisk(folder, false) > 2000L * 64 * Float.BYTES, "the float vectors are on disk");
    assertTrue(JVectorGraph.sizeOnDisk(folder, true) > JVectorGraph.sizeOnDisk(folder, false), "and the PQ codes");

    for (boolean pq : new boolean[] {false, true}) {
      try (JVectorGraph graph = JVectorGraph.open(folder, pq)) {
        GraphSearch.Found found = graph.search(qs, 25, 50);
        double recall = SearchResult.recall(exact.indices(), found.result().indices());
        assertTrue(recall >= 0.9, (pq ? "PQ" : "fp32") + " recall of the exact top 25: " + recall);
        assertTrue(found.meanVisited() >= 50 && found.meanVisited() < 2000, "visited " + found.meanVisited());
        // Node i is database row i, and the distances are the exact Euclidean ones, nearest first.
        int row = found.result().indices()[0][0];
        float[] d = found.result().distances()[0];
        assertEquals(VectorDistance.euclidean(qs.row(0), dbs.row(row)), d[0], 1e-3);
        for (int i = 1; i < d.length; i++) {
          assertTrue(d[i - 1] <= d[i], "nearest first: " + java.util.Arrays.toString(d));
        }
      }
    }
  }

  @Test
  void theScaleBenchReportsJVectorRowsFromAProcessOfItsOwnAndRemovesTheGraph() throws Exception {
    // 5 streets of 100 vectors at 64-D, 20 queries, ef 25 and 50.
    ScaleBenchmark.Sizes sizes = new ScaleBenchmark.Sizes(500, 20, 64, 32768, 0, 25, 50, 0,
        new AnnSettings(8, 50, false, 0));
    String report = ScaleBenchmark.run(sizes, dir.resolve("work"), "/usr/bin/python3",
        List.of("exact", "jvector", "jvector-pq"));
    List<String> rows = report.lines().filter(l -> l.startsWith("| jvector")).toList();
    assertEquals(2 * ScaleBenchmark.efSweep(50, 25).length, rows.size(), report);
    for (String row : rows) {
      String[] cells = row.split("\\|");
      assertTrue(!cells[3].isBlank() && !cells[3].trim().equals("-"), "a size on disk in MB: " + row);
      assertTrue(Double.parseDouble(cells[4].trim()) > 10, "a peak RSS in MB: " + row);
      assertTrue(Double.parseDouble(cells[6].trim()) > 0, "queries per second: " + row);
      // With PQ at ef = k the walk's approximate top 25 are the answer; from ef 50 on, re-ranking repairs them.
      if (row.contains("fp32") || row.contains("**default**")) {
        assertTrue(Double.parseDouble(cells[7].trim()) >= 0.9, "recall: " + row);
      }
    }
    assertTrue(report.contains("maxDegree 16, beam 50"), "M 8 is maxDegree 16: " + report);
    assertTrue(report.contains("jvector fp32 at ef 50 compares a query with"), report);
    assertTrue(Files.notExists(dir.resolve("work/jvector")), "the graph is removed after the bench");
  }
}
