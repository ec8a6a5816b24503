package org.vpr4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.vpr4j.VprException;
import org.vpr4j.bench.Bf16SelfCheck;
import org.vpr4j.bench.MachineInfo;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.PcaFile;
import org.vpr4j.io.CheckpointChoice;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.SessionConfig.Precision;
import org.vpr4j.model.ort.Engine;
import org.vpr4j.query.ImageSet;
import org.vpr4j.query.ann.AnnSettings;
import org.vpr4j.report.TestReport;
import org.vpr4j.spark.EvaluateJob;
import org.vpr4j.spark.ExtractJob;
import org.vpr4j.spark.ExtractModel;
import org.vpr4j.spark.ImageRow;
import org.vpr4j.spark.Listing;
import org.vpr4j.spark.SearchJob;
import org.vpr4j.spark.SparkBenchmark;
import org.vpr4j.spark.SparkSessions;

/**
 * The commands of {@code vpr4j spark} ({@link SparkMain}): their options, and a call into the jobs
 * of {@code org.vpr4j.spark}, which do the work (docs/spark.md).
 */
final class SparkCommands {
  private SparkCommands() {}

  static List<Command> all() {
    return List.of(new Extract(), new Search(), new Evaluate(), new Bench());
  }

  /** {@code vpr4j spark extract}: descriptors of many images as a Parquet dataset. */
  static final class Extract implements Command {
    @Override
    public String name() {
      return "extract";
    }

    @Override
    public String summary() {
      return "describe images (a dataset split, a folder or a list of paths) into a Parquet dataset";
    }

    @Override
    public OptionSet options() {
      return EngineOptions.add(PrecisionOptions.add(PcaOptions.add(DatasetOptions.add(new OptionSet()
          .value("run", "DIR", null, "run folder whose model describes the images (shipped to every executor)")
          .value("ckpt", "NAME", "best", "checkpoint of the run (best falls back to latest, imported, init)")
          .value("savedmodel", "DIR", null, "instead of --run: a SavedModel from 'vpr4j export' (shipped to every"
              + " executor; runs on TensorFlow); with it, --pca takes a PCA file or none (the default)")
          .value("precision", "P", "fp32", "fp32, or bf16 (with --run; needs AVX-512; every executor first checks bf16"
              + " against fp32 as vpr4j test does, see --bf16-min-cosine)")
          .value("split", "NAME", null, "the images of this dataset split (with --dataset)")
          .value("which", "SET", "database", "of the split: database or queries")
          .value("images", "DIR", null, "every .jpg/.png under this folder (local or a Hadoop URI such as hdfs://...)")
          .value("list", "FILE", null, "the images named in a text file (one path a line) or a Parquet file (column path,"
              + " optional easting, northing)")
          .required("out", "DIR", "output folder (local or a Hadoop URI): part-*.parquet and _vpr4j-extract.json")
          .value("partitions", "N", "0", "partitions (tasks); 0 = one per 1024 images, at least one per core")
          .value("batch-size", "N", "24", "images per forward pass")
          .value("on-unreadable", "WHAT", "fail", "an unreadable image: fail (naming it) or skip (listed in"
              + " _skipped.txt)")
          .flag("overwrite", "replace an existing output folder")
          .value("master", "URL", null, "Spark master; default: spark-submit's, else local[*]")))));
    }

    @Override
    public int run(Args args) {
      if (args.given("run") == args.given("savedmodel")) {
        throw new VprException("name the model with exactly one of --run DIR or --savedmodel DIR");
      }
      Precision precision = PrecisionOptions.checked(Precision.parse(args.string("precision"),
          "spark extract: --precision"), "spark extract");
      Bf16SelfCheck.Policy bf16 = PrecisionOptions.policy(args, "spark extract");
      // Recorded by the driver; each executor opens the model with it (auto: resolved there).
      Engine engine = EngineOptions.engine(args, "spark extract", precision);
      int sources = (args.given("split") ? 1 : 0) + (args.given("images") ? 1 : 0) + (args.given("list") ? 1 : 0);
      if (sources != 1) {
        throw new VprException("name the images with exactly one of --dataset ROOT --split NAME, --images DIR or"
            + " --list FILE");
      }
      ExtractModel model;
      Pca pca;
      if (args.given("run")) {
        RunFolder run = RunFolder.open(args.requirePath("run"));
        String ckpt = CheckpointChoice.resolve(run, args.string("ckpt"));
        pca = PcaOptions.resolve(args, run, ckpt);
        model = ExtractModel.ofRun(run, ckpt, precision, bf16, engine);
      } else {
        if (precision != Precision.FP32) {
          throw new VprException("spark extract: --precision bf16 takes a run folder (--run): its self-check compares"
              + " the bf16 model with fp32 weights, which a SavedModel does not give");
        }
        if (engine == Engine.ORT) {
          throw new VprException("spark extract: --engine ort takes a run folder (--run): its ONNX graph is written"
              + " from the run's weights; a SavedModel runs on TensorFlow (--engine tf or auto)");
        }
        model = ExtractModel.ofSavedModel(args.requirePath("savedmodel"));
        String which = args.string("pca");
        pca = which.equals("run") || which.equals("none") ? null
            : PcaFile.read(Path.of(which), model.descriptorDim());
      }
      boolean skip = args.choice("on-unreadable", "fail", "skip").equals("skip");
      int partitions = args.integer("partitions");
      if (partitions < 0) {
        throw new VprException("--partitions must not be negative, got " + partitions);
      }
      SparkSession spark = SparkSessions.get(args.string("master"));
      List<ImageRow> rows;
      if (args.given("split")) {
        PlaceDataset ds = DatasetOptions.open(args, args.require("split"));
        boolean queries = args.choice("which", "database", "queries").equals("queries");
        rows = Listing.of(queries ? ImageSet.queriesOf(ds) : ImageSet.databaseOf(ds));
      } else if (args.given("images")) {
        rows = Listing.folder(args.require("images"), spark.sparkContext().hadoopConfiguration());
      } else {
        rows = Listing.list(args.require("list"), spark, spark.sparkContext().hadoopConfiguration());
      }
      ExtractJob.Summary s = ExtractJob.run(spark, rows, model, pca, args.require("out"), partitions,
          args.integer("batch-size"), skip, args.flag("overwrite"));
      s.bf16SelfChecks().forEach(c -> System.out.println("executor " + c));
      System.out.printf(Locale.ROOT, "extract %s: %d images described (%d-D%s), %d skipped, %d partitions (%d run) on"
          + " %s in %.1f s%n", args.require("out"), s.described(), s.dim(), pca == null ? "" : ", " + pca.label()
          + " in pca_descriptor", s.skipped().size(), s.partitions(), s.partitionsRun(), s.engines(), s.seconds());
      return 0;
    }
}

  /** {@code vpr4j spark search}: exact k nearest neighbours of extracted queries in an extracted database. */
  static final class Search implements Command {
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
          .value("column", "NAME", "descriptor", "descriptors searched: descriptor or pca_descriptor (written by"
              + " extract when the run has a PCA)")
          .value("ann", "KIND", "none", "none (exact search) or hnsw: approximate, over one HNSW shard per database"
              + " partition (Apache Lucene, as query index --ann hnsw), built on first use into DATABASE.COLUMN.hnsw"
              + " beside the database extract and refused if built from other descriptors")
          .value("hnsw-m", "M", Integer.toString(AnnSettings.DEFAULT_M), "HNSW neighbours per node")
          .value("ef-construction", "N", Integer.toString(AnnSettings.DEFAULT_EF_CONSTRUCTION),
              "HNSW candidates while building")
          .flag("int8", "quantize the HNSW vectors to bytes (Lucene's scalar quantization)")
          .value("hnsw-nav-dim", "D", "0", "walk each shard's graph in a PCA projection to D dimensions, learned from"
              + " the shard's rows, and re-rank its candidates at full dimension (as query index --hnsw-nav-dim;"
              + " 0: walk the descriptors themselves)")
          .value("ef", "N", Integer.toString(AnnSettings.DEFAULT_EF), "HNSW candidates per query and shard, re-ranked"
              + " by exact distance")
          .required("out", "DIR", "output folder (local or a Hadoop URI)")
          .flag("overwrite", "replace an existing output folder")
          .value("master", "URL", null, "Spark master; default: spark-submit's, else local[*]");
    }

    @Override
    public int run(Args args) {
      SearchJob.Ann ann = null;
      if (args.choice("ann", "none", "hnsw").equals("hnsw")) {
        AnnSettings settings = new AnnSettings(args.integer("hnsw-m"), args.integer("ef-construction"),
            args.flag("int8"), args.integer("hnsw-nav-dim"));
        if (settings.m() < 2 || settings.efConstruction() < 1 || args.integer("ef") < 1 || settings.navDim() < 0) {
          throw new VprException("--hnsw-m must be at least 2, --ef-construction and --ef at least 1, and"
              + " --hnsw-nav-dim not negative");
        }
        ann = new SearchJob.Ann(settings, args.integer("ef"));
      }
      SearchJob.Summary s = SearchJob.run(SparkSessions.get(args.string("master")), args.require("queries"),
          args.require("database"), args.choice("column", "descriptor", "pca_descriptor"), args.integer("top-k"),
          args.integer("query-block"), ann, args.require("out"), args.flag("overwrite"));
      System.out.printf(Locale.ROOT, "search %s: %d queries, %d database images, top %d%s, in %.2f s%n",
          args.require("out"), s.numQueries(), s.numDb(), s.k(), ann == null ? ""
              : ", HNSW (" + s.shardsBuilt() + " shards built)", s.seconds());
      return 0;
    }
}

  /** {@code vpr4j spark evaluate}: recall@N of a search result, with the reports of {@code vpr4j test}. */
  static final class Evaluate implements Command {
    @Override
    public String name() {
      return "evaluate";
    }

    @Override
    public String summary() {
      return "recall@N of a spark search result on a dataset split; JSON, Markdown and HTML reports as vpr4j test";
    }

    @Override
    public OptionSet options() {
      return DatasetOptions.add(new OptionSet()
          .required("run", "DIR", "run folder of the model (the reports go to its reports/)")
          .required("split", "NAME", "the dataset split whose queries and database were extracted and searched")
          .required("search", "DIR", "output of 'vpr4j spark search'")
          .value("recall-at", "LIST", "1,2,3,4,5,10,15,20,25", "the N of recall@N")
          .value("master", "URL", null, "Spark master; default: spark-submit's, else local[*]"));
    }

    @Override
    public int run(Args args) {
      RunFolder run = RunFolder.open(args.requirePath("run"));
      GraphConfig graph = GraphConfig.of(run);
      PlaceDataset ds = DatasetOptions.open(args, args.require("split"));
      int[] ns = args.integers("recall-at").stream().mapToInt(Integer::intValue).sorted().toArray();
      EvaluateJob.Outcome o = EvaluateJob.run(SparkSessions.get(args.string("master")), run, graph, ds,
          args.require("search"), ns);
      System.out.println(TestReport.table(graph.name() + " (" + o.label() + ")", o.result()));
      System.out.println("reports: " + o.json() + ", " + o.json().resolveSibling(o.json().getFileName().toString()
          .replace(".json", ".md")) + " and " + o.html());
      return 0;
    }
}

  /** {@code vpr4j spark bench}: Spark local mode against the single process (docs/benchmarks.md). */
  static final class Bench implements Command {
    @Override
    public String name() {
      return "bench";
    }

    @Override
    public String summary() {
      return "Spark local mode against the single process: extraction images/s, exact search time";
    }

    @Override
    public OptionSet options() {
      return DatasetOptions.add(new OptionSet()
          .value("what", "LIST", "extract,search", "extract and/or search")
          .value("run", "DIR", null, "extract: run folder of the model")
          .value("ckpt", "NAME", "best", "extract: checkpoint")
          .value("split", "NAME", "synthcity_test", "extract: the database images of this split")
          .value("batch-size", "N", "24", "extract: images per forward pass")
          .value("db", "N", "10000", "search: database vectors (Pitts30k test: 10,000)")
          .value("queries", "N", "6816", "search: query vectors (Pitts30k test: 6,816)")
          .value("dim", "N", "32768", "search: dimension")
          .value("k", "N", "25", "search: neighbours")
          .value("work", "DIR", "target/spark-bench", "scratch folder for the Parquet files")
          .value("master", "URL", null, "Spark master; default: spark-submit's, else local[*]"));
    }

    @Override
    public int run(Args args) {
      List<String> what = args.strings("what");
      Path work = args.requirePath("work");
      SparkSession spark = SparkSessions.get(args.string("master"));
      System.out.println(MachineInfo.markdown());
      System.out.printf(Locale.ROOT, "Spark %s, master %s, %d task slots%n%n", spark.version(),
          spark.sparkContext().master(), spark.sparkContext().defaultParallelism());
      if (what.contains("extract")) {
        RunFolder run = RunFolder.open(args.requirePath("run"));
        SparkBenchmark.extraction(spark, run, CheckpointChoice.resolve(run, args.string("ckpt")),
            DatasetOptions.open(args, args.require("split")), args.integer("batch-size"), work);
      }
      if (what.contains("search")) {
        SparkBenchmark.search(spark, args.integer("db"), args.integer("queries"), args.integer("dim"), args.integer("k"),
            work);
      }
      return 0;
    }
}
}
