package org.vpr4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.Evaluation;
import org.vpr4j.eval.EvaluationProtocol;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.report.TestReport;
import org.vpr4j.io.RunFolder;
import org.vpr4j.report.TestPage;

/**
 * The evaluate job: recall@N of a search result against a dataset split's positions, computed by
 * {@link Evaluation#score} as {@code vpr4j test} computes it, and written with the same report
 * writers into the run folder, as {@code reports/test-<split>-<checkpoint>-spark.*}.
 */
public final class EvaluateJob {
  /** The recall and where its reports went. */
  public record Outcome(String label, Evaluation.Result result, Path json, Path html) {}

  private EvaluateJob() {}

  public static Outcome run(SparkSession spark, RunFolder run, GraphConfig graph, PlaceDataset ds, String search,
      int[] ns) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    JsonNode done = done(search, conf);
    if (!done.path("model").asText().equals(graph.name())) {
      throw new VprException(search + " was searched with descriptors of model '" + done.path("model").asText()
          + "', but the run folder " + run.root() + " is '" + graph.name() + "'");
    }
    int searched = done.path("k").asInt();
    EvaluationProtocol protocol = EvaluationProtocol.forDataset(ds);
    int k = Evaluation.neighboursNeeded(ds.numDb(), ns);
    int candidates = protocol.candidates(k, ds);
    if (searched < candidates) {
      throw new VprException(ds.name() + " is evaluated with protocol " + protocol.id() + ", which needs " + candidates
          + " neighbours per query; " + search + " kept " + searched + " (run spark search with --top-k " + candidates
          + ")");
    }
    // The protocol reads the candidates it needs, as vpr4j test hands it exactly that many.
    SearchResult found = truncate(read(spark, search, ds, searched), candidates);
    if (protocol != EvaluationProtocol.PLAIN) {
      found = protocol.apply(found, ds, k);
    }
    Evaluation.Result result = Evaluation.score(ds.name(), found, ds.databaseUtm(), ds.queryUtm(), ds.posDistThr(), ns,
        protocol, done.path("extractSeconds").asDouble(), done.path("seconds").asDouble());
    // As vpr4j test names its reports: a search on PCA descriptors gets the PCA's label too.
    String pca = done.path("pca").isTextual() ? "-" + done.path("pca").asText() : "";
    String label = done.path("checkpoint").asText() + pca + "-spark";
    Path json = TestReport.write(run, graph, label, ds, result);
    Path html = TestPage.write(run.reports(), TestReport.baseName(ds.name(), label),
        TestPage.Content.of(graph, label, ds, result, List.of()));
    return new Outcome(label, result, json, html);
  }

  private static SearchResult truncate(SearchResult r, int k) {
    if (r.k() == k) {
      return r;
    }
    int[][] idx = new int[r.numQueries()][];
    float[][] dist = new float[r.numQueries()][];
    for (int q = 0; q < idx.length; q++) {
      idx[q] = java.util.Arrays.copyOf(r.indices()[q], k);
      dist[q] = java.util.Arrays.copyOf(r.distances()[q], k);
    }
    return new SearchResult(idx, dist);
  }

  private static JsonNode done(String search, Configuration conf) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(HadoopFiles.path(search), SearchJob.DONE);
    if (!HadoopFiles.exists(p, conf)) {
      throw new VprException(search + " is not a 'vpr4j spark search' output (no " + SearchJob.DONE + ")");
    }
    try {
      return GraphConfig.json().readTree(HadoopFiles.readString(p, conf));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /** The search result as arrays indexed like the split's queries and database, checked against its paths. */
  private static SearchResult read(SparkSession spark, String search, PlaceDataset ds, int k) {
    List<Row> rows = spark.read().parquet(search)
        .select("query_index", "rank", "database_index", "distance", "query", "database").collectAsList();
    int numQ = ds.numQ();
    if (rows.size() != (long) numQ * k) {
      throw new VprException(search + " holds " + rows.size() + " neighbours, but " + ds.name() + " has " + numQ
          + " queries and the search kept " + k + " each: it was not made from this split's queries");
    }
    int[][] idx = new int[numQ][k];
    float[][] dist = new float[numQ][k];
    for (Row r : rows) {
      long q = r.getLong(0);
      int rank = r.getInt(1);
      long d = r.getLong(2);
      if (q < 0 || q >= numQ || d < 0 || d >= ds.numDb() || rank < 1 || rank > k
          || !r.getString(4).equals(ds.queryImages().get((int) q).toString())
          || !r.getString(5).equals(ds.databaseImages().get((int) d).toString())) {
        throw new VprException(search + ": neighbour " + r + " does not match " + ds.name()
            + "'s queries and database (extract them with --split " + ds.name() + ")");
      }
      idx[(int) q][rank - 1] = (int) d;
      dist[(int) q][rank - 1] = r.getFloat(3);
    }
    return new SearchResult(idx, dist);
  }
}
