package org.vpr4j.spark;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.vpr4j.VprException;
import org.vpr4j.cli.Args;
import org.vpr4j.cli.CheckpointChoice;
import org.vpr4j.cli.Command;
import org.vpr4j.cli.DatasetOptions;
import org.vpr4j.cli.OptionSet;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.io.RunFolder;
import org.vpr4j.query.ImageSet;

/** {@code vpr4j spark extract}: descriptors of many images as a Parquet dataset. */
final class ExtractCommand implements Command {
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
    return DatasetOptions.add(new OptionSet()
        .required("run", "DIR", "run folder whose model describes the images (shipped to every executor)")
        .value("ckpt", "NAME", "best", "checkpoint of the run (best falls back to latest, imported, init)")
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
        .value("master", "URL", null, "Spark master; default: spark-submit's, else local[*]"));
  }

  @Override
  public int run(Args args) {
    int sources = (args.given("split") ? 1 : 0) + (args.given("images") ? 1 : 0) + (args.given("list") ? 1 : 0);
    if (sources != 1) {
      throw new VprException("name the images with exactly one of --dataset ROOT --split NAME, --images DIR or"
          + " --list FILE");
    }
    RunFolder run = RunFolder.open(args.requirePath("run"));
    String ckpt = CheckpointChoice.resolve(run, args.string("ckpt"));
    boolean skip = args.choice("on-unreadable", "fail", "skip").equals("skip");
    int partitions = args.integer("partitions");
    if (partitions < 0) {
      throw new VprException("--partitions must not be negative, got " + partitions);
    }
    SparkSession spark = Sessions.get(args.string("master"));
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
    ExtractJob.Summary s = ExtractJob.run(spark, rows, run, ckpt, args.require("out"), partitions,
        args.integer("batch-size"), skip, args.flag("overwrite"));
    System.out.printf(Locale.ROOT, "extract %s: %d images described (%d-D), %d skipped, %d partitions (%d run) in"
        + " %.1f s%n", args.require("out"), s.described(), s.dim(), s.skipped().size(), s.partitions(),
        s.partitionsRun(), s.seconds());
    return 0;
  }
}
