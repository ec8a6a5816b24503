package org.vpr4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.SearchResult;

/**
 * The jvector rows of {@code bench --what scale}: jvector's graph built from the same vectors as
 * Lucene's HNSW, with the analogous settings ({@link JVectorGraph.Settings#like}), searched at the
 * same ef values in a process of its own, so the two can be compared in one table (docs/scale.md).
 * One graph serves both methods: {@code jvector} walks it on the float vectors, {@code jvector-pq}
 * on PQ codes with the candidates re-ranked exactly.
 */
final class ScaleJVector {
  private ScaleJVector() {}

  static List<ScaleBenchmark.Row> measure(ScaleBenchmark.Sizes s, boolean fp32, boolean pq, Path work,
      DescriptorStore dbs, Path queryFile, SearchResult exact, StringBuilder notes)
      throws IOException, InterruptedException {
    JVectorGraph.Settings settings = JVectorGraph.Settings.like(s.ann(), dbs.dim(), pq);
    Path folder = work.resolve("jvector");
    List<ScaleBenchmark.Row> rows = new ArrayList<>();
    try {
      JVectorGraph.BuildTimes built = JVectorGraph.build(dbs, folder, settings);
      notes.append(String.format(Locale.ROOT, "- jvector: %s; graph of %s, neighbour overflow %.1f (Lucene's M %d"
          + " keeps %d neighbours on its bottom layer, jvector's one layer takes as many)%s; candidates per query"
          + " (jvector's rerankK) = ef.%n", JVectorGraph.describe(), settings.describe(), settings.neighborOverflow(),
          s.ann().m(), 2 * s.ann().m(), pq ? String.format(Locale.ROOT, "; PQ %d subspaces x 256 centroids (one"
          + " byte per %d dimensions), %.1f s of the PQ row's build", settings.pqSubspaces(),
          dbs.dim() / settings.pqSubspaces(), built.pqSeconds()) : ""));
      if (fp32) {
        rows.addAll(search(GraphSearch.JVECTOR, "fp32", built.graphSeconds(), JVectorGraph.sizeOnDisk(folder, false),
            settings, s, folder, dbs, queryFile, exact, notes));
      }
      if (pq) {
        rows.addAll(search(GraphSearch.JVECTOR_PQ, "PQ + exact re-rank", built.graphSeconds() + built.pqSeconds(),
            JVectorGraph.sizeOnDisk(folder, true), settings, s, folder, dbs, queryFile, exact, notes));
      }
    } finally {
      ScaleBenchmark.AtomicDelete.folder(folder);
    }
    return rows;
  }

  private static List<ScaleBenchmark.Row> search(String engine, String label, double buildSeconds, long size,
      JVectorGraph.Settings settings, ScaleBenchmark.Sizes s, Path folder, DescriptorStore dbs, Path queryFile,
      SearchResult exact, StringBuilder notes) throws IOException, InterruptedException {
    List<ScaleBenchmark.Row> rows = new ArrayList<>();
    for (ScaleSearchProcess.Pass p : ScaleSearchProcess.run(engine, folder, queryFile, exact,
        ScaleBenchmark.efSweep(s.ef(), s.k()), 0, folder.getParent())) { // jvector keeps ef candidates
      rows.add(new ScaleBenchmark.Row(String.format(Locale.ROOT, "jvector %s (%s, ef %d)%s", label,
          settings.describe(), p.ef(), p.ef() == s.ef() ? " **default**" : ""), buildSeconds, size, p.peakRssMb(),
          s.queries() / p.firstSeconds(), s.queries() / p.warmSeconds(), p.recall()));
      notes.append(ScaleBenchmark.visitedNote("jvector " + label + " at ef " + p.ef(), p, p.meanVisited(), dbs.rows(),
          s.queries()));
    }
    return rows;
  }
}
