package org.vpr4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.bench.Bf16SelfCheck;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.Evaluation;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.ProjectedDescriber;
import org.vpr4j.eval.pca.TransductivePca;
import org.vpr4j.eval.EvaluationProtocol;
import org.vpr4j.guidance.Guidance;
import org.vpr4j.guidance.MaskTargetBuilder;
import org.vpr4j.guidance.MaskTargets;
import org.vpr4j.guidance.TargetSpec;
import org.vpr4j.guidance.TrainIdSource;
import org.vpr4j.io.RunFolder;
import org.vpr4j.io.WeightsFile;
import org.vpr4j.model.Describer;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig;
import org.vpr4j.report.ExampleQueries;
import org.vpr4j.report.MaskSamples;
import org.vpr4j.report.TestPage;
import org.vpr4j.report.TestReport;
import org.vpr4j.train.TrainingRun;

/** {@code vpr4j test}: recall@N of a run's model on a dataset split, with JSON, Markdown and HTML reports. */
final class TestCommand implements Command {
  private static final Logger LOG = LogManager.getLogger(TestCommand.class);
  /** Images whose de-attention mask the HTML report shows. */
  private static final int MASK_SAMPLES = 4;

  @Override
  public String name() {
    return "test";
  }

  @Override
  public String summary() {
    return "evaluate a run's model: recall@N on a dataset split, reports in the run folder";
  }

  @Override
  public OptionSet options() {
    return PcaOptions.add(PrecisionOptions.add(GuidanceOptions.add(DatasetOptions.add(new OptionSet()
        .required("run", "DIR", "run folder (from cluster, train or import)")
        .value("split", "NAME", "synthcity_test", "split to evaluate, e.g. pitts30k_test, pitts250k_test, tokyo247")
        .value("ckpt", "NAME", "best", "checkpoint of the run: best, latest, init, imported (best falls back to"
            + " latest, then init)")
        .value("batch-size", "N", "24", "images per forward pass")
        .value("precision", "P", "fp32", "compute precision: fp32, or bf16 (oneDNN bfloat16, needs AVX-512; several times"
            + " faster on CPUs with AMX; descriptors within cosine 0.998 to 0.99999 of fp32, the sharper NetVLAD's"
            + " assignment the lower; checked against fp32 first, see --bf16-min-cosine and docs/benchmarks.md)")
        .value("recall-at", "LIST", "1,2,3,4,5,10,15,20,25", "the N of recall@N")
        .value("protocol", "NAME", EvaluationProtocol.AUTO, "which candidates count (docs/evaluation.md): auto"
            + " (tokyotm-date for TokyoTM splits, whose .mat has capture dates; plain otherwise), plain (the N"
            + " nearest database images), tokyotm-date (the reference's TokyoTM rule: 200 nearest, same-date"
            + " images dropped, first N), tokyo247-panorama (the standard Tokyo 24/7 protocol: best-ranked view of"
            + " each panorama only)")
        .value("pca-transductive", "DIM", null, "TRANSDUCTIVE, for comparison with the paper code's numbers only:"
            + " its PCA to DIM dimensions, fitted on the database of the split being evaluated, with per-feature"
            + " scalers fitted separately on database and queries and one L2 normalisation of each whole matrix"
            + " (see docs/scale.md); replaces --pca")))));
  }

  @Override
  public int run(Args args) {
    RunFolder run = RunFolder.open(args.requirePath("run"));
    GraphConfig graph = GraphConfig.of(run);
    String ckpt = CheckpointChoice.resolve(run, args.string("ckpt"));
    PlaceDataset ds = DatasetOptions.open(args, args.string("split"));
    int[] ns = args.integers("recall-at").stream().mapToInt(Integer::intValue).sorted().toArray();
    SessionConfig.Precision precision = PrecisionOptions.checked(
        SessionConfig.Precision.parse(args.string("precision"), "test: --precision"), "test");
    Bf16SelfCheck.Policy policy = PrecisionOptions.policy(args, "test");
    EvaluationProtocol protocol = EvaluationProtocol.choose(args.string("protocol"), ds);
    WeightsFile.Contents weights = run.readCheckpoint(ckpt);
    Integer transductiveDim = args.given("pca-transductive") ? args.integer("pca-transductive") : null;
    if (transductiveDim != null && transductiveDim < 1) {
      throw new VprException("--pca-transductive must be at least 1, got " + transductiveDim);
    }
    Pca pca = transductiveDim != null ? null : PcaOptions.resolve(args, run, ckpt);
    Evaluation.Result result;
    List<MaskSamples.Sample> masks;
    try (InferenceModel model = new InferenceModel(graph.model(), 0, precision);
        ProjectedDescriber projected = pca == null ? null : new ProjectedDescriber(model, pca)) {
      model.load(model.params().fitting(weights.tensors(), "checkpoint " + run.checkpoint(ckpt)));
      if (precision == SessionConfig.Precision.BF16) {
        List<Path> images = ds.numQ() > 0 ? ds.queryImages() : ds.databaseImages();
        List<Path> sample = images.subList(0, Math.min(Bf16SelfCheck.IMAGES, images.size()));
        Bf16SelfCheck.verify(model, ImageBatches.loadAll(sample, graph.model().inputWidth(),
            graph.model().inputHeight()), sample.size(), policy, "test");
      }
      Describer describer = projected != null ? projected : model;
      result = Evaluation.run(describer, ds, args.integer("batch-size"), ns, run.root(), protocol,
          transductiveDim == null ? null : new TransductivePca(transductiveDim));
      // De-attention models: show what the mask head ignores on a few of the example queries.
      List<Path> maskImages = ExampleQueries.pick(result, MASK_SAMPLES / 2, MASK_SAMPLES / 2).stream()
          .map(q -> ds.queryImages().get(q)).toList();
      masks = MaskSamples.compute(model, maskImages, maskTargets(args, graph, maskImages));
    }
    // A reduced-precision result gets its own report (test-<split>-<ckpt>-bf16) instead of replacing fp32's;
    // so does a protocol other than the split's default (test-<split>-<ckpt>-plain on TokyoTM).
    String label = precision == SessionConfig.Precision.FP32 ? ckpt : ckpt + "-" + precision.label();
    if (protocol != EvaluationProtocol.forDataset(ds)) {
      label += "-" + protocol.id();
    }
    // A PCA'd result gets its own report too (test-<split>-<ckpt>-pca4096w, -tpca4096 when transductive).
    if (pca != null) {
      label += "-" + pca.label();
    } else if (transductiveDim != null) {
      label += "-tpca" + transductiveDim;
    }
    Path json = TestReport.write(run, graph, label, ds, result);
    Path html = TestPage.write(run.reports(), TestReport.baseName(ds.name(), label),
        TestPage.Content.of(graph, label, ds, result, masks));
    System.out.println(TestReport.table(graph.name() + " (" + label + ")", result));
    System.out.println("reports: " + json + ", " + json.resolveSibling(json.getFileName().toString()
        .replace(".json", ".md")) + " and " + html);
    return 0;
  }

  /**
   * The semantic-guidance targets of the mask sample images, drawn beside the predicted masks;
   * null without a de-attention module, or with {@code --guidance auto} and no source (the
   * report then shows the predictions alone). An explicitly chosen source that is missing is an error.
   */
  private static MaskTargets maskTargets(Args args, GraphConfig graph, List<Path> images) {
    if (images.isEmpty() || !graph.model().has("deattention")) {
      return null;
    }
    Guidance guidance = GuidanceOptions.from(args);
    if (guidance.kind().equals(Guidance.AUTO) && !guidance.isAvailable()) {
      LOG.info("no label images under {} and no --segmenter: the report shows the predicted masks without targets",
          args.path("dataset"));
      return null;
    }
    TargetSpec spec = TrainingRun.targetSpec(graph, guidance.grid());
    try (TrainIdSource source = guidance.open("the mask targets of the test report")) {
      return MaskTargetBuilder.compute(source, images, spec);
    }
  }
}
