package org.vpr4j.cli;

import java.time.LocalDate;
import java.util.List;
import org.vpr4j.bench.ExtractionBenchmark;
import org.vpr4j.bench.MarkdownTable;
import org.vpr4j.bench.SearchBenchmark;
import org.vpr4j.bench.Timing;
import org.vpr4j.bench.TrainingStepBenchmark;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.io.AtomicFiles;

/** {@code vpr4j bench}: descriptor extraction throughput and exact-search time, as a Markdown table. */
final class BenchCommand implements Command {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "benchmark descriptor extraction (full VGG16+NetVLAD) and exact search at Pitts30k size";
  }

  @Override
  public OptionSet options() {
    return new OptionSet()
        .value("what", "LIST", "extract,search,train", "what to measure: extract, cache, search, train")
        .value("batches", "LIST", "1,4,8", "extraction batch sizes")
        .value("trainable", "BLOCK", "conv3", "train: first trained VGG block (conv3 as the paper's code, conv5 as the baseline)")
        .value("width", "F", "1.0", "VGG16 width fraction")
        .value("input", "WxH", "640x480", "input size")
        .value("db", "N", "10000", "search: database descriptors")
        .value("queries", "N", "6816", "search: query descriptors")
        .value("dim", "N", "32768", "search: descriptor dimension")
        .value("runs", "N", "3", "timed runs (median reported)")
        .value("warmup", "N", "1", "untimed runs first")
        .value("out", "FILE", null, "also write the tables to this Markdown file");
  }

  @Override
  public int run(Args args) throws Exception {
    List<String> what = args.strings("what");
    StringBuilder md = new StringBuilder();
    md.append(String.format("Measured %s on %s, Java %s.%n%n", LocalDate.now(), Timing.cpuName(),
        System.getProperty("java.version")));
    if (what.contains("extract")) {
      ModelConfig config = model(args);
      MarkdownTable t = new MarkdownTable("extraction", "batch", "s/batch", "s/image", "images/s", "peak RSS MiB");
      for (ExtractionBenchmark.Result r : ExtractionBenchmark.run(config, args.integers("batches"),
          args.integer("warmup"), args.integer("runs"))) {
        t.row("vpr4j TF Java, VGG16x" + config.width() + " + NetVLAD " + config.inputWidth() + "x"
            + config.inputHeight(), r.batch(), f3(r.secondsPerBatch()), f3(r.secondsPerImage()),
            f3(r.imagesPerSecond()), String.format("%.0f", r.peakRssMib()));
      }
      md.append(t.render()).append('\n');
    }
    if (what.contains("cache")) {
      // The mining cache is rebuilt at the training's cacheBatchSize (24).
      ExtractionBenchmark.Result r = ExtractionBenchmark.run(model(args), java.util.List.of(24), args.integer("warmup"),
          args.integer("runs")).get(0);
      md.append(new MarkdownTable("cache rebuild", "batch", "s per 1,000 images", "images/s")
          .row("vpr4j descriptor cache", 24, String.format("%.0f", 1000 / r.imagesPerSecond()),
              f3(r.imagesPerSecond())).render()).append('\n');
    }
    if (what.contains("train")) {
      ModelConfig config = model(args);
      org.vpr4j.config.TrainConfig training = org.vpr4j.config.TrainConfig.paper().withTrainableFrom(
          args.require("trainable"));
      TrainingStepBenchmark.Result r = TrainingStepBenchmark.run(config, training, 10, args.integer("warmup"),
          args.integer("runs"));
      md.append(new MarkdownTable("training step", "images", "trainable from", "s/step", "peak RSS MiB")
          .row("vpr4j TF Java, triplet loss + SGD", r.images(), r.trainableFrom(), f3(r.seconds()),
              String.format("%.0f", r.peakRssMib())).render()).append('\n');
    }
    if (what.contains("search")) {
      SearchBenchmark.Result r = SearchBenchmark.run(args.integer("db"), args.integer("queries"), args.integer("dim"),
          25, args.integer("warmup"), args.integer("runs"));
      md.append(new MarkdownTable("exact search", "database", "queries", "dim", "k", "seconds", "queries/s")
          .row("vpr4j ExactSearch (TF matmul + top-k, blocked)", r.database(), r.queries(), r.dim(), r.k(),
              f3(r.seconds()), String.format("%.0f", r.queries() / r.seconds()))
          .render()).append('\n');
    }
    System.out.print(md);
    if (args.string("out") != null) {
      AtomicFiles.writeString(args.path("out"), md.toString());
    }
    return 0;
  }

  private static ModelConfig model(Args args) {
    String[] wh = args.require("input").split("x");
    if (wh.length != 2) {
      throw new org.vpr4j.VprException("bench: --input '" + args.string("input") + "' is not WIDTHxHEIGHT");
    }
    return ModelConfig.paper().withWidth(args.number("width"))
        .withInputSize(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim()));
  }

  private static String f3(double v) {
    return String.format("%.3f", v);
  }
}
