package org.vpr4j.spark;

import java.util.Locale;
import org.vpr4j.cli.Args;
import org.vpr4j.cli.Command;
import org.vpr4j.cli.OptionSet;

/** {@code vpr4j spark search}: exact k nearest neighbours of extracted queries in an extracted database. */
final class SearchCommand implements Command {
  @Override
  public String name() {
    return "search";
  }

  @Override
  public String summary() {
    return "exact k nearest neighbours of the queries in the database (both from spark extract), as Parquet";
  }

  @Override
  public OptionSet options() {
    return new OptionSet()
        .required("queries", "DIR", "output of 'vpr4j spark extract' for the queries")
        .required("database", "DIR", "output of 'vpr4j spark extract' for the database")
        .value("top-k", "K", "25", "neighbours per query (recall@N needs K >= N)")
        .value("query-block", "N", "1024", "queries broadcast to the database partitions at a time")
        .required("out", "DIR", "output folder (local or a Hadoop URI)")
        .flag("overwrite", "replace an existing output folder")
        .value("master", "URL", null, "Spark master; default: spark-submit's, else local[*]");
  }

  @Override
  public int run(Args args) {
    SearchJob.Summary s = SearchJob.run(Sessions.get(args.string("master")), args.require("queries"),
        args.require("database"), args.integer("top-k"), args.integer("query-block"), args.require("out"),
        args.flag("overwrite"));
    System.out.printf(Locale.ROOT, "search %s: %d queries, %d database images, top %d, in %.2f s%n",
        args.require("out"), s.numQueries(), s.numDb(), s.k(), s.seconds());
    return 0;
  }
}
