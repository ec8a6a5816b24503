package org.vpr4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.RunFolder;
import org.vpr4j.io.RunLock;
import org.vpr4j.report.MarkdownTable;
import org.vpr4j.train.TrainingRun;
import org.vpr4j.train.TrainingState;
import org.vpr4j.util.RunLog;

/** {@code vpr4j train}: trains a run folder's model with hard-negative mining (SPEC §5-§6). */
final class TrainCommand implements Command {
  private static final Logger LOG = LogManager.getLogger(TrainCommand.class);
  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "train or fine-tune a run's model (triplet loss or sTML, hard negatives, checkpoints, resume)";
  }

  @Override
  public OptionSet options() {
    return GuidanceOptions.add(DatasetOptions.add(new OptionSet()
        .required("run", "DIR", "run folder (from cluster or import)")
        .value("train-split", "NAME", "synthcity_train", "training split")
        .value("val-split", "NAME", "synthcity_val", "validation split (recall@N after every epoch)")
        .value("from", "NAME", "init", "checkpoint to start a fresh training from (init, imported, best, ...)")
        .flag("resume", "continue the interrupted training of this run from its checkpoint --ckpt")
        .value("ckpt", "NAME", "latest", "with --resume: latest or best")
        .value("epochs", "N", null, "number of epochs (default: the graph's training.epochs, 30 for the paper)")
        .value("set", "LIST", null, "overrides, comma-separated section.field=value (e.g. training.lr=0.0001,training.loss=stml)")));
  }

  @Override
  public int run(Args args) {
    RunFolder run = RunFolder.open(args.requirePath("run"));
    List<String> overrides = new ArrayList<>(args.strings("set"));
    if (args.given("epochs")) {
      overrides.add("training.epochs=" + args.integerAtLeast("epochs", 1));
    }
    GraphConfig graph = GraphConfig.of(run).withOverrides(overrides, "--set");
    if (!graph.model().equals(GraphConfig.of(run).model())) {
      throw new VprException("--set cannot change the model of an existing run (" + run.root()
          + "); create a new run with cluster or import");
    }
    String startFrom = args.flag("resume") ? args.choice("ckpt", "latest", "best") : args.string("from");
    if (!run.hasCheckpoint(startFrom)) {
      // before anything is written (log, TensorBoard file): a failed start leaves the run as it was
      throw new VprException("run folder " + run.root() + " has no checkpoint '" + startFrom + "' ("
          + run.checkpoint(startFrom) + ")" + (args.flag("resume") ? " to resume from; start with --from init" : ""));
    }
    PlaceDataset train = DatasetOptions.open(args, args.string("train-split"));
    PlaceDataset val = DatasetOptions.open(args, args.string("val-split"));
    TrainingState state;
    try (RunLock lock = RunLock.acquire(run.root(), "train")) {
      // Under the lock, a temporary file can only be what a killed earlier process left behind.
      int leftovers = AtomicFiles.removeLeftovers(run.root()) + AtomicFiles.removeLeftovers(run.checkpoints())
          + AtomicFiles.removeLeftovers(run.root().resolve(TrainingRun.GUIDANCE_FOLDER));
      if (leftovers > 0) {
        LOG.info("removed {} temporary file(s) left by an interrupted write in {}", leftovers, run.root());
      }
      graph.write(run.root().resolve(RunFolder.GRAPH));
      try (RunLog log = RunLog.attach(run.root().resolve("logs").resolve("train.log"))) {
        state = TrainingRun.run(run, graph, train, val, startFrom, run.root(), GuidanceOptions.from(args));
      }
    }
    System.out.println(history(state));
    System.out.printf("best validation recall@%d: %.1f%% at epoch %d; checkpoints in %s%n",
        graph.training().bestBy(), 100 * state.bestScore(), state.bestEpoch(), run.root().resolve("checkpoints"));
    return 0;
  }

  static String history(TrainingState state) {
    MarkdownTable t = new MarkdownTable("epoch", "lr", "loss", "batches", "val R@1", "val R@5", "val R@10", "s");
    for (TrainingState.EpochRecord e : state.history()) {
      t.row(e.epoch(), String.format("%.2g", e.learningRate()), String.format("%.4f", e.meanLoss()), e.batches(),
          pct(e.recalls().get(1)), pct(e.recalls().get(5)), pct(e.recalls().get(10)), String.format("%.0f", e.seconds()));
    }
    return t.render();
  }

  private static String pct(Double v) {
    return v == null ? "-" : String.format("%.1f", 100 * v);
  }
}
