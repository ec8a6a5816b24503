package org.vpr4j.query;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.io.AtomicFiles;

/** Writes {@link QueryResults} as JSON for tools: every query with all its matches. */
public final class QueryResultsJson {
  private QueryResultsJson() {}

  /** Writes {@code file} atomically. */
  public static void write(Path file, QueryResults r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("index", r.index().toAbsolutePath().toString());
    doc.put("model", r.model().modelName());
    doc.put("run", r.model().runFolder());
    doc.put("checkpoint", r.model().checkpoint());
    doc.put("querySource", r.querySource());
    doc.put("k", r.k());
    doc.put("posDistThr", r.posDistThr());
    doc.put("numQueries", r.queries().size());
    doc.put("queriesWithPosition", r.queriesWithPosition());
    doc.put("correctAtTop1", r.correctAtTop1());
    doc.put("correctInTopK", r.correctInTopK());
    List<Object> queries = new ArrayList<>(r.queries().size());
    for (QueryResults.Query q : r.queries()) {
      Map<String, Object> qd = new LinkedHashMap<>();
      qd.put("image", q.image().toString());
      qd.put("utm", q.utm());
      List<Object> matches = new ArrayList<>(q.matches().size());
      for (QueryResults.Match m : q.matches()) {
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("rank", m.rank());
        md.put("databaseIndex", m.databaseIndex());
        md.put("image", m.image().toString());
        md.put("distance", m.distance());
        md.put("utm", m.utm());
        md.put("metres", m.metres());
        md.put("withinThreshold", m.withinThreshold());
        matches.add(md);
      }
      qd.put("matches", matches);
      queries.add(qd);
    }
    doc.put("queries", queries);
    AtomicFiles.write(file, tmp -> GraphConfig.json().writeValue(tmp.toFile(), doc));
  }
}
