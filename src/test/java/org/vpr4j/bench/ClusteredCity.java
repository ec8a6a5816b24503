package org.vpr4j.bench;

import java.nio.file.Path;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.MappedDescriptors;
import org.vpr4j.eval.SearchResult;

/** The scale bench's clustered vectors at a test's size, with every query's exact top k. */
record ClusteredCity(MappedDescriptors database, MappedDescriptors queries, SearchResult exact) {
  /** {@code rows} database and {@code queries} query vectors of {@code dim} (seed {@code seed}) in {@code dir}. */
  static ClusteredCity make(Path dir, int rows, int queries, int dim, long seed, int k) {
    Path db = dir.resolve("db.f32");
    Path q = dir.resolve("q.f32");
    ScaleBenchmark.clustered(db, rows, dim, seed, 0);
    ScaleBenchmark.clustered(q, queries, dim, seed, 1);
    MappedDescriptors dbs = MappedDescriptors.open(db);
    MappedDescriptors qs = MappedDescriptors.open(q);
    try (ExactSearch search = new ExactSearch()) {
      return new ClusteredCity(dbs, qs, search.search(qs, dbs, k));
    }
  }
}
