package org.vpr4j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.vpr4j.VprException;
import org.vpr4j.bench.Bf16SelfCheck;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.EvaluationProtocol;
import org.vpr4j.eval.Recall;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.io.CheckpointChoice;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig;
import org.vpr4j.model.ort.Engine;
import org.vpr4j.report.TestRun;

/** {@code vpr4j test}: recall@N of a run's model on a dataset split, with JSON, Markdown and HTML reports. */
final class TestCommand implements Command {
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
    return EngineOptions.add(PcaOptions.add(PrecisionOptions.add(GuidanceOptions.add(DatasetOptions.add(new OptionSet()
        .required("run", "DIR", "run folder (from cluster, train or import)")
        .value("split", "NAME", "synthcity_test", "split to evaluate, e.g. pitts30k_test, pitts250k_test, tokyo247")
        .value("ckpt", "NAME", "best", "checkpoint of the run: best, latest, init, imported (best falls back to"
            + " latest, then init)")
        .value("batch-size", "N", "24", "images per forward pass")
        .value("precision", "P", "fp32", "compute precision: fp32, or bf16 (oneDNN bfloat16, needs AVX-512; several times"
            + " faster on CPUs with AMX; descriptors within cosine 0.998 to 0.99999 of fp32, the sharper NetVLAD's"
            + " assignment the lower; checked against fp32 first, see --bf16-min-cosine and docs/benchmarks.md)")
        .value("recall-at", "LIST", Arrays.stream(Recall.defaultNs()).mapToObj(String::valueOf)
            .collect(Collectors.joining(",")), "the N of recall@N")
        .value("protocol", "NAME", EvaluationProtocol.AUTO, "which candidates count (docs/evaluation.md): auto"
            + " (tokyotm-date for TokyoTM splits, whose .mat has capture dates; plain otherwise), plain (the N"
            + " nearest database images), tokyotm-date (the reference's TokyoTM rule: 200 nearest, same-date"
            + " images dropped, first N), tokyo247-panorama (the standard Tokyo 24/7 protocol: best-ranked view of"
            + " each panorama only)")
        .value("pca-transductive", "DIM", null, "TRANSDUCTIVE, for comparison with the paper code's numbers only:"
            + " its PCA to DIM dimensions, fitted on the database of the split being evaluated, with per-feature"
            + " scalers fitted separately on database and queries and one L2 normalisation of each whole matrix"
            + " (see docs/scale.md); replaces --pca"))))));
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
    Engine engine = EngineOptions.engine(args, "test", precision);
    EvaluationProtocol protocol = EvaluationProtocol.choose(args.string("protocol"), ds);
    Integer transductiveDim = args.given("pca-transductive") ? args.integer("pca-transductive") : null;
    if (transductiveDim != null && transductiveDim < 1) {
      throw new VprException("--pca-transductive must be at least 1, got " + transductiveDim);
    }
    Pca pca = transductiveDim != null ? null : PcaOptions.resolve(args, run, ckpt);
    // bf16: the loaded model is checked against fp32 on a few images before it is evaluated.
    Consumer<InferenceModel> selfCheck = model -> {
      if (precision == SessionConfig.Precision.BF16) {
        List<Path> images = ds.numQ() > 0 ? ds.queryImages() : ds.databaseImages();
        List<Path> sample = images.subList(0, Math.min(Bf16SelfCheck.IMAGES, images.size()));
        Bf16SelfCheck.verify(model, ImageBatches.loadAll(sample, graph.model().inputWidth(),
            graph.model().inputHeight()), sample.size(), policy, "test");
      }
    };
    TestRun.Result result = TestRun.run(new TestRun.Request(run, graph, ckpt, ds, args.integer("batch-size"), ns,
        precision, protocol, pca, transductiveDim, selfCheck, () -> GuidanceOptions.from(args), engine));
    System.out.println(result.table());
    System.out.println("reports: " + result.json() + ", " + result.markdown() + " and " + result.html());
    return 0;
  }
}
