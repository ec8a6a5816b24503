package org.vpr4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vpr4j.VprException;
import org.vpr4j.bench.BenchResults;
import org.vpr4j.bench.BenchRun;
import org.vpr4j.bench.GeneratedSection;
import org.vpr4j.bench.PcaFitBenchmark;
import org.vpr4j.bench.ScaleBenchmark;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.config.TrainableFrom;
import org.vpr4j.model.SessionConfig.Precision;
import org.vpr4j.model.ort.Engine;
import org.vpr4j.query.ann.AnnSettings;

/**
 * {@code vpr4j bench}: measures vpr4j (median of runs after a warm-up, peak memory, load average)
 * and renders the results, together with those of the comparators ({@code scripts/bench_reference.py}
 * for PyTorch and faiss, {@code --what ort} for ONNX Runtime), as Markdown tables with ratios.
 */
final class BenchCommand implements Command {
  private static final List<String> STAGES = BenchRun.STAGES;

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "benchmark extraction, training, search, k-means and mining; report against PyTorch, ONNX Runtime, faiss";
  }

  @Override
  public OptionSet options() {
    return PrecisionOptions.add(DatasetOptions.add(new OptionSet()
        .value("what", "LIST", "extract,search,kmeans", "stages to measure, comma-separated: " + String.join(", ", STAGES)
            + "; none to only render --include")
        .value("precision", "LIST", "fp32", "extract: compute precisions, fp32 and/or bf16 (bf16 is checked against"
            + " fp32 first, see --bf16-min-cosine)")
        .value("engine", "LIST", "tf", "extract: vpr4j's engines to measure, tf and/or ort (ort: fp32 only, compared"
            + " with tf first)")
        .value("batches", "LIST", "1,4,8", "extract, ort: batch sizes")
        .value("width", "F", "1.0", "extract, ort, train: VGG16 width fraction")
        .value("input", "WxH", "640x480", "extract, ort, train: input size")
        .value("onnx", "FILE", null, "ort, precision: exported baseline model (weights-import/convert_to_onnx.py),"
            + " input 'image', output 'descriptor'")
        .value("savedmodel", "DIR", null, "export: where to write a SavedModel of the extract stage's random model;"
            + " savedmodel: the SavedModel to time (serving_default, loaded as a server does)")
        .value("negatives", "N", "10", "train: negatives per query (1 query + 1 positive + N negatives)")
        .value("trainable", "BLOCK", "conv3", "train: first trained VGG block (conv3 as the paper's code, conv5 as NetVLAD's)")
        .value("db", "N", "10000", "search: database vectors")
        .value("queries", "N", "6816", "search: query vectors")
        .value("dim", "N", "32768", "search: dimension")
        .value("k", "N", "25", "search: neighbours")
        .value("scale-db", "N", "100000", "scale: database vectors (1000000 on a bigger machine)")
        .value("scale-queries", "N", "1000", "scale: queries")
        .value("scale-dim", "N", "4096", "scale: dimension of the PCA-reduced descriptors")
        .value("scale-full-db", "N", "10000", "scale: database vectors at the full 32,768-D (0 to skip)")
        .value("scale-work", "DIR", "bench-scale", "scale, pca: folder for the generated vectors and indexes")
        .value("ef", "N", Integer.toString(AnnSettings.DEFAULT_EF), "scale: HNSW candidates per query (jvector's"
            + " rerankK; also measured: a quarter, half and twice it)")
        .value("hnsw-m", "N", Integer.toString(AnnSettings.DEFAULT_M), "scale: HNSW neighbours per node (Lucene and"
            + " faiss; jvector's one-layer graph takes twice it, as Lucene's bottom layer)")
        .value("ef-construction", "N", Integer.toString(AnnSettings.DEFAULT_EF_CONSTRUCTION),
            "scale: HNSW candidates while building (Lucene and faiss; jvector's beam)")
        .value("rerank-factor", "F", null, "scale: Lucene graphs take at least F x k candidates, re-ranked exactly"
            + " (default " + AnnSettings.DEFAULT_RERANK_FACTOR + "; for a graph walked in a projection, the factor it"
            + " measured on held-out queries when built)")
        .value("scale-methods", "LIST", String.join(",", ScaleBenchmark.METHODS), "scale: what to measure (split a"
            + " long run; the generated vectors in --scale-work are reused); fp32-navD and int8-navD walk the graph"
            + " in a D-dimensional PCA projection")
        .value("python", "FILE", "/usr/bin/python3", "scale: Python with faiss (Debian python3-faiss)")
        .value("pca-points", "N", "50000", "pca: training descriptors")
        .value("pca-input-dim", "N", "32768", "pca: their dimension")
        .value("pca-dim", "N", "4096", "pca: components learned")
        .value("points", "N", "50000", "kmeans: points")
        .value("point-dim", "N", "512", "kmeans: dimension")
        .value("clusters", "N", "64", "kmeans: k")
        .value("iterations", "N", "100", "kmeans: Lloyd iterations")
        .value("run", "DIR", null, "precision, epoch: run folder whose graph and weights are used (e.g. from cluster);"
            + " precision takes --onnx weights instead when there is no --run")
        .value("ckpt", "NAME", "init", "precision, epoch: checkpoint of --run")
        .value("split", "NAME", "synthcity_test", "precision, epoch: split evaluated")
        .value("train-split", "NAME", "synthcity_train", "epoch: split trained on")
        .value("epochs", "N", "1", "epoch: epochs per mining policy")
        .value("reuse", "LIST", "1,8", "epoch: mining-cache reuse values to compare (1 = the paper's full refresh)")
        .value("set", "LIST", null, "precision, epoch: overrides of --run's graph, section.field=value (e.g. training.cacheRefreshRate=20)")
        .value("batch-size", "N", "24", "precision: images per forward pass")
        .value("runs", "N", "3", "timed runs (the median is reported)")
        .value("warmup", "N", "1", "untimed runs first")
        .value("json", "FILE", null, "write the measurements as JSON (for a later report)")
        .value("include", "LIST", null, "JSON result files or folders of earlier runs and of bench_reference.py to report too")
        .value("out", "FILE", null, "write the report into this Markdown file (only between its bench markers)")));
  }

  @Override
  public int run(Args args) throws Exception {
    List<String> what = stages(args);
    int warmup = args.integer("warmup");
    int runs = args.integer("runs");
    if (warmup < 0 || runs < 1) {
      throw new VprException("bench: --runs must be at least 1 and --warmup at least 0");
    }
    BenchRun.Outcome outcome = BenchRun.run(request(args, what, warmup, runs), System.out::print);
    if (args.string("json") != null) {
      BenchResults.write(args.path("json"), outcome.measured());
    }
    System.out.print(outcome.report());
    if (args.string("out") != null) {
      GeneratedSection.write(args.path("out"), outcome.report());
    }
    return 0;
  }

  /** The options of the requested stages, checked; those of the other stages are not read. */
  private static BenchRun.Request request(Args args, List<String> what, int warmup, int runs) {
    boolean extract = what.contains("extract");
    boolean precision = what.contains("precision");
    boolean fromRun = what.contains("epoch") || (precision && args.string("run") != null);
    List<Precision> precisions = new ArrayList<>();
    if (extract) {
      for (String p : args.strings("precision")) {
        precisions.add(PrecisionOptions.checked(Precision.parse(p, "bench: --precision"), "bench"));
      }
    }
    List<Engine> engines = new ArrayList<>();
    if (extract) {
      for (String e : args.strings("engine")) {
        Engine engine = Engine.parse(e, "bench: --engine");
        if (engine == Engine.AUTO) {
          throw new VprException("bench: --engine lists the engines to measure: tf and/or ort, not auto");
        }
        engines.add(engine);
      }
    }
    if (precision) {
      PrecisionOptions.checked(Precision.BF16, "bench: --what precision");
    }
    boolean served = what.contains("export") || what.contains("savedmodel");
    boolean sized = extract || precision || served || what.contains("ort") || what.contains("train");
    return new BenchRun.Request(what, warmup, runs, sized ? model(args) : null, precisions, engines,
        extract ? PrecisionOptions.policy(args, "bench") : null,
        extract || what.contains("ort") || what.contains("savedmodel") ? positive(args, "batches") : null,
        what.contains("ort") || (precision && !fromRun && args.string("onnx") != null) ? onnx(args) : null,
        what.contains("train") ? TrainConfig.paper().withTrainableFrom(args.choice("trainable", TrainableFrom.class))
            : null,
        what.contains("train") ? args.integer("negatives") : 0,
        what.contains("search") ? new BenchRun.Search(args.integer("db"), args.integer("queries"),
            args.integer("dim"), args.integer("k")) : null,
        what.contains("kmeans") ? new BenchRun.KMeans(args.integer("points"), args.integer("point-dim"),
            args.integer("clusters"), args.integer("iterations")) : null,
        what.contains("scale") ? new BenchRun.Scale(new ScaleBenchmark.Sizes(args.integer("scale-db"),
            args.integer("scale-queries"), args.integer("scale-dim"), 32768, args.integer("scale-full-db"),
            args.integer("k"), args.integer("ef"), rerankFactor(args), new AnnSettings(args.integer("hnsw-m"),
            args.integer("ef-construction"), false, 0)), args.path("scale-work"), args.string("python"),
            args.strings("scale-methods")) : null,
        what.contains("pca") ? new BenchRun.PcaFit(new PcaFitBenchmark.Sizes(args.integer("pca-points"),
            args.integer("pca-input-dim"), args.integer("pca-dim")), args.path("scale-work")) : null,
        new BenchRun.FromRun(fromRun ? args.requirePath("run") : null, args.require("ckpt"), args.strings("set")),
        what.contains("epoch") ? new BenchRun.Epoch(args.string("train-split"), args.integer("epochs"),
            positive(args, "reuse")) : null,
        precision ? args.integer("batch-size") : 0, split -> DatasetOptions.open(args, split), args.string("split"),
        BenchRun.included(args.strings("include").stream().map(Path::of).toList()),
        served ? args.requirePath("savedmodel") : null);
  }

  private static List<String> stages(Args args) {
    List<String> what = args.strings("what");
    if (what.size() == 1 && what.get(0).equalsIgnoreCase("none")) {
      return List.of();
    }
    for (String s : what) {
      if (!STAGES.contains(s)) {
        throw new VprException("bench: --what '" + s + "' is not one of " + String.join(", ", STAGES) + " (or none)");
      }
    }
    return what;
  }

  private static Path onnx(Args args) {
    Path file = args.requirePath("onnx");
    if (!Files.isRegularFile(file)) {
      throw new VprException("bench: --onnx " + file + " does not exist; make one with"
          + " weights-import/make_random_checkpoint.py and convert_to_onnx.py (scripts/bench.sh does)");
    }
    return file;
  }

  /** The scale bench's --rerank-factor, 0 when not given (each graph's default). */
  private static int rerankFactor(Args args) {
    if (!args.given("rerank-factor")) {
      return 0;
    }
    int f = args.integer("rerank-factor");
    if (f < 1) {
      throw new VprException("bench: --rerank-factor must be at least 1, got " + f);
    }
    return f;
  }

  private static List<Integer> positive(Args args, String name) {
    List<Integer> values = args.integers(name);
    if (values.isEmpty() || values.stream().anyMatch(v -> v < 1)) {
      throw new VprException("bench: --" + name + " '" + args.string(name) + "' must list whole numbers >= 1");
    }
    return values;
  }

  private static ModelConfig model(Args args) {
    String[] wh = args.require("input").toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (wh.length != 2) {
        throw new NumberFormatException();
      }
      return ModelConfig.paper().withWidth(args.number("width"))
          .withInputSize(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim()));
    } catch (NumberFormatException e) {
      throw new VprException("bench: --input '" + args.string("input") + "' is not WIDTHxHEIGHT, e.g. 640x480");
    }
  }
}
