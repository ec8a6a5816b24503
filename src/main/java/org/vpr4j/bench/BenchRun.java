package org.vpr4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.interop.OnnxImport;
import org.vpr4j.interop.imports.OnnxArchitecture;
import org.vpr4j.io.CheckpointChoice;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig.Precision;
import org.vpr4j.model.ort.Engine;
import org.vpr4j.onnx.OnnxWeights;

/**
 * One {@code vpr4j bench}: measures the requested stages in order (median of runs after a warm-up,
 * peak memory, load average), then renders them, with earlier results, as Markdown tables with
 * ratios (docs/benchmarks.md). Usable without the command line.
 */
public final class BenchRun {
  /** Every stage, in the order {@code --what} lists them in the help. */
  public static final List<String> STAGES = List.of("extract", "ort", "export", "savedmodel", "precision", "train", "search", "scale",
      "pca", "kmeans", "epoch");

  /**
   * What to measure; the settings of a stage that is not requested may be null.
   *
   * @param stages stages to measure, in order
   * @param model the network of extract, ort and train (input size and width)
   * @param precisions extract: compute precisions of the tf engine, each already checked to be possible on this CPU
   * @param engines extract: vpr4j's engines to measure, {@code TF} and/or {@code ORT} (fp32)
   * @param onnx ort, precision: an exported baseline model
   * @param datasets opens a split by name (precision, epoch)
   * @param include results of earlier runs to report too
   * @param savedModel export: where to write the SavedModel of extract's random model; savedmodel: the
   *     SavedModel to time
   */
  public record Request(List<String> stages, int warmup, int runs, ModelConfig model, List<Precision> precisions,
      List<Engine> engines, Bf16SelfCheck.Policy bf16Policy, List<Integer> batches, Path onnx, TrainConfig training, int negatives,
      Search search, KMeans kmeans, Scale scale, PcaFit pcaFit, FromRun run, Epoch epoch, int precisionBatchSize,
      Function<String, PlaceDataset> datasets, String split, List<BenchResult> include, Path savedModel) {}

  /** Exact search of {@code queries} against {@code database} random unit vectors of {@code dim}. */
  public record Search(int database, int queries, int dim, int k) {}

  /** Lloyd's k-means on random points. */
  public record KMeans(int points, int dim, int clusters, int iterations) {}

  /** The city-scale index benchmark ({@link ScaleBenchmark}). */
  public record Scale(ScaleBenchmark.Sizes sizes, Path work, String python, List<String> methods) {}

  /** Learning a PCA at scale ({@link PcaFitBenchmark}), its training descriptors kept in {@code work}. */
  public record PcaFit(PcaFitBenchmark.Sizes sizes, Path work) {}

  /**
   * A run folder's weights: {@code checkpoint} as {@code --ckpt} names it, {@code overrides} of its
   * graph as {@code --set} gives them; null {@code folder} for none.
   */
  public record FromRun(Path folder, String checkpoint, List<String> overrides) {}

  /** Whole training epochs under each mining-cache reuse. */
  public record Epoch(String trainSplit, int epochs, List<Integer> reuse) {}

  private BenchRun() {}

  /**
   * Measures and renders; {@code print} receives what is printed along the way (the scale stage's
   * own report). Returns the measurements and the report.
   */
  public static Outcome run(Request r, Consumer<String> print) throws Exception {
    List<BenchResult> measured = new ArrayList<>();
    for (String stage : r.stages()) {
      StageRecorder rec = StageRecorder.start(List.of("ort", "savedmodel").contains(stage) ? "extract" : stage,
          r.warmup(), r.runs());
      switch (stage) {
        case "extract" -> {
          for (Engine engine : r.engines()) {
            if (engine == Engine.ORT) {
              measured.addAll(ExtractionBenchmark.runOrt(r.model(), r.batches(), rec));
              continue;
            }
            for (Precision p : r.precisions()) {
              measured.addAll(ExtractionBenchmark.run(r.model(), p, r.bf16Policy(), r.batches(), rec));
            }
          }
        }
        case "ort" -> measured.addAll(OrtExtractionBenchmark.run(r.onnx(), r.model(), r.batches(), rec));
        case "export" -> print.accept(String.format("SavedModel of the random model written to %s; reload check"
            + " max |diff| %.2g%n", r.savedModel(), SavedModelBenchmark.export(r.model(), r.savedModel()).maxAbsDiffRaw()));
        case "savedmodel" -> measured.addAll(SavedModelBenchmark.run(r.savedModel(), r.model(), r.batches(), rec));
        case "train" -> measured.add(TrainingStepBenchmark.run(r.model(), r.training(), r.negatives(), rec));
        case "search" -> measured.add(SearchBenchmark.run(r.search().database(), r.search().queries(),
            r.search().dim(), r.search().k(), rec));
        case "kmeans" -> measured.add(KMeansBenchmark.run(r.kmeans().points(), r.kmeans().dim(),
            r.kmeans().clusters(), r.kmeans().iterations(), rec));
        case "precision" -> measured.addAll(precision(r, rec));
        case "scale" -> print.accept("Measured on:\n\n" + MachineInfo.markdown() + "\n"
            + ScaleBenchmark.run(r.scale().sizes(), r.scale().work(), r.scale().python(),
                r.scale().methods()));
        case "pca" -> print.accept("Measured on:\n\n" + MachineInfo.markdown() + "\n"
            + PcaFitBenchmark.run(r.pcaFit().sizes(), r.pcaFit().work()));
        case "epoch" -> {
          RunFolder run = RunFolder.open(r.run().folder());
          GraphConfig graph = graph(run, r.run());
          measured.addAll(EpochBenchmark.run(graph, weights(run, r.run()), r.datasets().apply(r.epoch().trainSplit()),
              r.datasets().apply(r.split()), r.epoch().epochs(), r.epoch().reuse(), run.root(), rec));
        }
        default -> throw new IllegalArgumentException("no bench stage " + stage);
      }
    }
    List<BenchResult> all = new ArrayList<>(r.include());
    all.addAll(measured);
    return new Outcome(measured, "Measured on:\n\n" + MachineInfo.markdown() + "\n" + new BenchReport(all).render());
  }

  /** The stage's measurements, and the report of them with the included results. */
  public record Outcome(List<BenchResult> measured, String report) {}

  /** Earlier results: JSON result files, or folders of them. */
  public static List<BenchResult> included(List<Path> files) {
    List<BenchResult> out = new ArrayList<>();
    for (Path p : files) {
      out.addAll(Files.isDirectory(p) ? BenchResults.readFolder(p) : BenchResults.read(p));
    }
    return out;
  }

  /** fp32 against bf16 with the weights of the run folder, or else of the ONNX export (sized by it). */
  private static List<BenchResult> precision(Request r, StageRecorder rec) throws Exception {
    PlaceDataset split = r.datasets().apply(r.split());
    if (r.run().folder() != null) {
      RunFolder run = RunFolder.open(r.run().folder());
      String ckpt = CheckpointChoice.resolve(run, r.run().checkpoint());
      return PrecisionCheck.run(graph(run, r.run()).model(), run.readCheckpoint(ckpt).tensors(),
          "run " + run.root().getFileName() + " (" + ckpt + ")", split, r.precisionBatchSize(), run.root(), rec);
    }
    if (r.onnx() == null) {
      throw new VprException("bench: --what precision needs the weights of a --run folder or an --onnx export");
    }
    OnnxWeights onnx = OnnxWeights.read(r.onnx());
    ModelConfig config = OnnxArchitecture.of(r.onnx(), onnx).sized(r.model());
    Map<String, FloatArray> weights;
    try (InferenceModel m = new InferenceModel(config, 1)) {
      weights = OnnxImport.map(onnx, m.params(), UnaryOperator.identity()).weights();
    }
    Path spill = r.onnx().toAbsolutePath().getParent();
    return PrecisionCheck.run(config, weights, "ONNX " + r.onnx().getFileName(), split, r.precisionBatchSize(), spill,
        rec);
  }

  private static GraphConfig graph(RunFolder run, FromRun from) {
    return GraphConfig.of(run).withOverrides(from.overrides(), "bench: --set");
  }

  private static Map<String, FloatArray> weights(RunFolder run, FromRun from) {
    return run.readCheckpoint(CheckpointChoice.resolve(run, from.checkpoint())).tensors();
  }
}
