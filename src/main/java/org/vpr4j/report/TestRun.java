package org.vpr4j.report;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.config.Attention;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.Evaluation;
import org.vpr4j.eval.EvaluationProtocol;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.ProjectedDescriber;
import org.vpr4j.eval.pca.TransductivePca;
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
import org.vpr4j.train.TrainingRun;

/**
 * The job behind {@code vpr4j test}: recall@N of one checkpoint of a run on a dataset split
 * (docs/evaluation.md), written as JSON, Markdown and HTML reports into the run folder. For a
 * de-attention model the HTML page also draws a few predicted masks beside their targets.
 */
public final class TestRun {
  private static final Logger LOG = LogManager.getLogger(TestRun.class);
  /** Images whose de-attention mask the HTML report shows. */
  private static final int MASK_SAMPLES = 4;

  /**
   * What to evaluate.
   *
   * @param graph the run's configuration ({@code GraphConfig.of(run)})
   * @param checkpoint an existing checkpoint of {@code run}
   * @param ns the N of recall@N, ascending
   * @param protocol which candidates count (docs/evaluation.md)
   * @param pca the run's PCA applied to every descriptor (docs/scale.md), or null
   * @param transductiveDim the reference code's transductive PCA to this many dimensions, or null
   * @param modelCheck runs on the loaded model before the evaluation (e.g. bf16 against fp32)
   * @param guidance where the mask targets of the HTML page come from (asked for only when the
   *     model has de-attention)
   */
  public record Request(RunFolder run, GraphConfig graph, String checkpoint, PlaceDataset dataset, int batchSize, int[] ns,
      SessionConfig.Precision precision, EvaluationProtocol protocol, Pca pca, Integer transductiveDim,
      Consumer<InferenceModel> modelCheck, Supplier<Guidance> guidance) {}

  /** The evaluation, the reports written, and the recall table for a terminal. */
  public record Result(Evaluation.Result evaluation, Path json, Path markdown, Path html, String table) {}

  private TestRun() {}

  public static Result run(Request request) {
    RunFolder run = request.run();
    GraphConfig graph = request.graph();
    PlaceDataset ds = request.dataset();
    String ckpt = request.checkpoint();
    WeightsFile.Contents weights = run.readCheckpoint(ckpt);
    Evaluation.Result result;
    List<MaskSamples.Sample> masks;
    Pca pca = request.pca();
    Integer transductiveDim = request.transductiveDim();
    try (InferenceModel model = new InferenceModel(graph.model(), 0, request.precision());
        ProjectedDescriber projected = pca == null ? null : new ProjectedDescriber(model, pca)) {
      model.load(model.params().fitting(weights.tensors(), "checkpoint " + run.checkpoint(ckpt)));
      request.modelCheck().accept(model);
      Describer describer = projected != null ? projected : model;
      result = Evaluation.run(describer, ds, request.batchSize(), request.ns(), run.root(), request.protocol(),
          transductiveDim == null ? null : new TransductivePca(transductiveDim));
      // De-attention models: show what the mask head ignores on a few of the example queries.
      List<Path> maskImages = ExampleQueries.pick(result, MASK_SAMPLES / 2, MASK_SAMPLES / 2).stream()
          .map(q -> ds.queryImages().get(q)).toList();
      masks = MaskSamples.compute(model, maskImages, maskTargets(request.guidance(), graph, maskImages));
    }
    // A reduced-precision result gets its own report (test-<split>-<ckpt>-bf16) instead of replacing fp32's;
    // so does a protocol other than the split's default (test-<split>-<ckpt>-plain on TokyoTM).
    String label = request.precision() == SessionConfig.Precision.FP32
        ? ckpt : ckpt + "-" + request.precision().label();
    if (request.protocol() != EvaluationProtocol.forDataset(ds)) {
      label += "-" + request.protocol().id();
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
    Path markdown = json.resolveSibling(json.getFileName().toString().replace(".json", ".md"));
    return new Result(result, json, markdown, html, TestReport.table(graph.name() + " (" + label + ")", result));
  }

  /**
   * The semantic-guidance targets of the mask sample images, drawn beside the predicted masks;
   * null without a de-attention module, or with guidance {@code auto} and no source (the report
   * then shows the predictions alone). An explicitly chosen source that is missing is an error.
   */
  private static MaskTargets maskTargets(Supplier<Guidance> choice, GraphConfig graph, List<Path> images) {
    if (images.isEmpty() || !graph.model().has(Attention.DEATTENTION)) {
      return null;
    }
    Guidance guidance = choice.get();
    if (guidance.kind().equals(Guidance.AUTO) && !guidance.isAvailable()) {
      LOG.info("no label images under {} and no --segmenter: the report shows the predicted masks without targets",
          guidance.datasetRoot());
      return null;
    }
    TargetSpec spec = TrainingRun.targetSpec(graph, guidance.grid());
    try (TrainIdSource source = guidance.open("the mask targets of the test report")) {
      return MaskTargetBuilder.compute(source, images, spec);
    }
  }
}
