package org.vpr4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.vpr4j.VprException;
import org.vpr4j.bench.BenchReport;
import org.vpr4j.bench.BenchResult;
import org.vpr4j.bench.BenchResults;
import org.vpr4j.bench.EpochBenchmark;
import org.vpr4j.bench.ExtractionBenchmark;
import org.vpr4j.bench.GeneratedSection;
import org.vpr4j.bench.KMeansBenchmark;
import org.vpr4j.bench.MachineInfo;
import org.vpr4j.bench.OrtExtractionBenchmark;
import org.vpr4j.bench.PrecisionCheck;
import org.vpr4j.bench.ScaleBenchmark;
import org.vpr4j.bench.SearchBenchmark;
import org.vpr4j.query.ann.AnnSettings;
import org.vpr4j.bench.StageRecorder;
import org.vpr4j.bench.TrainingStepBenchmark;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.interop.OnnxImport;
import org.vpr4j.io.CheckpointChoice;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.NetVlad;
import org.vpr4j.model.SessionConfig.Precision;
import org.vpr4j.onnx.OnnxWeights;

/**
 * {@code vpr4j bench}: measures vpr4j (median of runs after a warm-up, peak memory, load average)
 * and renders the results, together with those of the comparators ({@code scripts/bench_reference.py}
 * for PyTorch and faiss, {@code --what ort} for ONNX Runtime), as Markdown tables with ratios.
 */
final class BenchCommand implements Command {
  private static final List<String> STAGES = List.of("extract", "ort", "precision", "train", "search", "scale", "kmeans",
      "epoch");

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
        .value("batches", "LIST", "1,4,8", "extract, ort: batch sizes")
        .value("width", "F", "1.0", "extract, ort, train: VGG16 width fraction")
        .value("input", "WxH", "640x480", "extract, ort, train: input size")
        .value("onnx", "FILE", null, "ort, precision: exported baseline model (weights-import/convert_to_onnx.py),"
            + " input 'image', output 'descriptor'")
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
        .value("scale-work", "DIR", "bench-scale", "scale: folder for the generated vectors and indexes")
        .value("ef", "N", Integer.toString(AnnSettings.DEFAULT_EF), "scale: HNSW candidates per query (also"
            + " measured: a quarter, half and twice it)")
        .value("hnsw-m", "N", Integer.toString(AnnSettings.DEFAULT_M), "scale: HNSW neighbours per node (Lucene and faiss)")
        .value("ef-construction", "N", Integer.toString(AnnSettings.DEFAULT_EF_CONSTRUCTION),
            "scale: HNSW candidates while building (Lucene and faiss)")
        .value("scale-methods", "LIST", String.join(",", ScaleBenchmark.METHODS), "scale: what to measure (split a"
            + " long run; the generated vectors in --scale-work are reused)")
        .value("python", "FILE", "/usr/bin/python3", "scale: Python with faiss (Debian python3-faiss)")
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
    List<BenchResult> measured = new ArrayList<>();
    for (String stage : what) {
      StageRecorder rec = StageRecorder.start(stage.equals("ort") ? "extract" : stage, warmup, runs);
      switch (stage) {
        case "extract" -> {
          for (String p : args.strings("precision")) {
            measured.addAll(ExtractionBenchmark.run(model(args),
                PrecisionOptions.checked(Precision.parse(p, "bench: --precision"), "bench"),
                PrecisionOptions.policy(args, "bench"), positive(args, "batches"), rec));
          }
        }
        case "ort" -> measured.addAll(OrtExtractionBenchmark.run(onnx(args), model(args), positive(args, "batches"),
            rec));
        case "train" -> measured.add(TrainingStepBenchmark.run(model(args),
            TrainConfig.paper().withTrainableFrom(args.require("trainable")), args.integer("negatives"), rec));
        case "search" -> measured.add(SearchBenchmark.run(args.integer("db"), args.integer("queries"),
            args.integer("dim"), args.integer("k"), rec));
        case "kmeans" -> measured.add(KMeansBenchmark.run(args.integer("points"), args.integer("point-dim"),
            args.integer("clusters"), args.integer("iterations"), rec));
        case "precision" -> {
          PrecisionOptions.checked(Precision.BF16, "bench: --what precision");
          measured.addAll(precision(args, rec));
        }
        case "scale" -> {
          System.out.print("Measured on:\n\n" + MachineInfo.markdown() + "\n" + ScaleBenchmark.run(
              new ScaleBenchmark.Sizes(args.integer("scale-db"), args.integer("scale-queries"), args.integer("scale-dim"),
                  32768, args.integer("scale-full-db"), args.integer("k"), args.integer("ef"),
                  new AnnSettings(args.integer("hnsw-m"), args.integer("ef-construction"), false)),
              args.path("scale-work"), args.string("python"), args.strings("scale-methods")));
        }
        case "epoch" -> {
          RunFolder run = RunFolder.open(args.requirePath("run"));
          GraphConfig graph = GraphConfig.of(run).withOverrides(args.strings("set"), "bench: --set");
          measured.addAll(EpochBenchmark.run(graph, weights(run, args), DatasetOptions.open(args,
              args.string("train-split")), DatasetOptions.open(args, args.string("split")), args.integer("epochs"),
              positive(args, "reuse"), run.root(), rec));
        }
        default -> throw new IllegalStateException(stage);
      }
    }
    if (args.string("json") != null) {
      BenchResults.write(args.path("json"), measured);
    }
    List<BenchResult> all = new ArrayList<>(included(args));
    all.addAll(measured);
    String report = "Measured on:\n\n" + MachineInfo.markdown() + "\n" + new BenchReport(all).render();
    System.out.print(report);
    if (args.string("out") != null) {
      GeneratedSection.write(args.path("out"), report);
    }
    return 0;
  }

  /** fp32 against bf16 with the weights of --run, or else of --onnx (the model then sized by the export, --input). */
  private static List<BenchResult> precision(Args args, StageRecorder rec) {
    PlaceDataset split = DatasetOptions.open(args, args.string("split"));
    int batch = args.integer("batch-size");
    if (args.string("run") != null) {
      RunFolder run = RunFolder.open(args.path("run"));
      GraphConfig graph = GraphConfig.of(run).withOverrides(args.strings("set"), "bench: --set");
      String ckpt = CheckpointChoice.resolve(run, args.require("ckpt"));
      return PrecisionCheck.run(graph.model(), run.readCheckpoint(ckpt).tensors(),
          "run " + run.root().getFileName() + " (" + ckpt + ")", split, batch, run.root(), rec);
    }
    if (args.string("onnx") == null) {
      throw new VprException("bench: --what precision needs the weights of a --run folder or an --onnx export");
    }
    Path file = onnx(args);
    OnnxWeights onnx = OnnxWeights.read(file);
    // The export fixes the network size: clusters and width from NetVLAD's centroids [K, D].
    long[] centroids = onnx.get(NetVlad.CENTROIDS).dims();
    ModelConfig config = model(args).withWidth(centroids[1] / 512.0).withClusters((int) centroids[0]);
    Map<String, FloatArray> weights;
    try (InferenceModel m = new InferenceModel(config, 1)) {
      weights = OnnxImport.map(onnx, m.params(), UnaryOperator.identity()).weights();
    }
    Path spill = file.toAbsolutePath().getParent();
    return PrecisionCheck.run(config, weights, "ONNX " + file.getFileName(), split, batch, spill, rec);
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

  private static List<BenchResult> included(Args args) {
    List<BenchResult> out = new ArrayList<>();
    for (String item : args.strings("include")) {
      Path p = Path.of(item);
      out.addAll(Files.isDirectory(p) ? BenchResults.readFolder(p) : BenchResults.read(p));
    }
    return out;
  }

  private static Map<String, FloatArray> weights(RunFolder run, Args args) {
    return run.readCheckpoint(CheckpointChoice.resolve(run, args.require("ckpt"))).tensors();
  }

  private static Path onnx(Args args) {
    Path file = args.requirePath("onnx");
    if (!Files.isRegularFile(file)) {
      throw new VprException("bench: --onnx " + file + " does not exist; make one with"
          + " weights-import/make_random_checkpoint.py and convert_to_onnx.py (scripts/bench.sh does)");
    }
    return file;
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
