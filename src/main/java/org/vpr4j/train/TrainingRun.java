package org.vpr4j.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.Evaluation;
import org.vpr4j.guidance.Distractors;
import org.vpr4j.guidance.GridReduction;
import org.vpr4j.guidance.Guidance;
import org.vpr4j.guidance.MaskTargetCache;
import org.vpr4j.guidance.MaskTargets;
import org.vpr4j.guidance.TargetSpec;
import org.vpr4j.guidance.TrainIdSource;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.RunFolder;
import org.vpr4j.io.WeightsFile;

/**
 * Trains a run folder's model epoch by epoch: train, validate (recall@N on the validation split),
 * checkpoint, stop early. Checkpoints are written after each validated epoch, {@code best} before
 * {@code latest}, each atomically; so a crash loses at most the epoch in progress, and resuming
 * from {@code latest} repeats exactly what the uninterrupted run would have done next.
 */
public final class TrainingRun {
  private static final Logger LOG = LogManager.getLogger(TrainingRun.class);

  public static final String LATEST = "latest";
  public static final String BEST = "best";
  public static final String STATE_ATTRIBUTE = "training_state";
  /** The folder of a run that holds the cached mask targets. */
  public static final String GUIDANCE_FOLDER = "guidance";

  private TrainingRun() {}

  /** Training without a guidance source: fine unless the model needs mask targets. */
  public static TrainingState run(RunFolder run, GraphConfig graph, PlaceDataset train, PlaceDataset val,
      String startFrom, Path spillFolder) {
    return run(run, graph, train, val, startFrom, spillFolder, Guidance.none());
  }

  /**
   * @param startFrom checkpoint to start from: {@code latest}/{@code best} resume training (weights,
   *     optimizer slots and state); any other name (e.g. {@code init}) starts a fresh run from its weights
   * @param guidance where mask targets come from when the model has de-attention with a mask loss
   */
  public static TrainingState run(RunFolder run, GraphConfig graph, PlaceDataset train, PlaceDataset val,
      String startFrom, Path spillFolder, Guidance guidance) {
    TrainConfig config = graph.training();
    TrainingSet set = new TrainingSet(train); // fails on a split with nothing to train on, before any output
    // Before the graph is built: a missing guidance source is a user error worth reporting at once.
    Guided guided = TrainingGraph.usesMaskLoss(graph.model(), config)
        ? maskTargets(run, graph, train, guidance) : new Guided(null, "none");
    MaskTargets targets = guided.targets();
    try (TrainingGraph tg = new TrainingGraph(graph.model(), config, config.seed());
        EventWriter events = new EventWriter(run.root().resolve("tensorboard"))) {
      WeightsFile.Contents start = run.readCheckpoint(startFrom);
      tg.load(tg.params().fitting(start.tensors(), "checkpoint " + run.checkpoint(startFrom)));
      boolean resume = start.attributes().containsKey(STATE_ATTRIBUTE)
          && (startFrom.equals(LATEST) || startFrom.equals(BEST));
      TrainingState state = resume
          ? TrainingState.fromJson(start.attributes().get(STATE_ATTRIBUTE), run.checkpoint(startFrom).toString())
          : TrainingState.fresh();
      LOG.info("{} {} from checkpoint '{}' at epoch {} of {} ({} trainable tensors)", resume ? "resuming" : "training",
          graph.name(), startFrom, state.epochsDone() + 1, config.epochs(), tg.trainableNames().size());
      try (Trainer trainer = new Trainer(tg, config, set, spillFolder, targets)) {
        long logEvery = 100;
        while (state.epochsDone() < config.epochs() && !state.shouldStop(config.patience())) {
          int epoch = state.epochsDone();
          TrainingState.EpochRecord trained = trainer.epoch(epoch, state.steps(), (step, running, r, negatives) -> {
            if (step % logEvery == 0 || step < logEvery) {
              events.scalar("Train/Loss", running, step);
              events.scalar("Train/nNeg", negatives, step);
              events.scalar("Train/d_qP", r.meanQp(), step);
              events.scalar("Train/d_qN", r.meanQn(), step);
              events.scalar("Train/d_PN", r.meanPn(), step);
              if (tg.needsMaskTargets()) {
                events.scalar("Train/Loss_DeAtt", r.maskLoss(), step);
              }
            }
          });
          Evaluation.Result v = Evaluation.run(tg, val, config.cacheBatchSize(), Evaluation.DEFAULT_NS, spillFolder);
          TrainingState.EpochRecord record = trained.withRecalls(v.recalls());
          state = state.after(record, state.steps() + record.batches(), config.bestBy());
          checkpoint(run, graph, tg.state(), state, guided.description());
          events.scalar("Train/AvgLoss", record.meanLoss(), record.epoch());
          v.recalls().forEach((n, value) -> events.scalar("Val/Recall@" + n, value, record.epoch()));
          LOG.info(String.format("epoch %d/%d: loss %.4f, val R@1 %.4f R@5 %.4f%s", record.epoch(), config.epochs(),
              record.meanLoss(), v.recalls().getOrDefault(1, 0.0), v.recalls().getOrDefault(5, 0.0),
              state.lastEpochImproved() ? " (best so far)" : ""));
        }
        if (state.shouldStop(config.patience())) {
          LOG.info("early stop: no improvement of recall@{} for {} epochs", config.bestBy(), state.notImproved());
        }
      }
      LOG.info(String.format("best recall@%d %.4f at epoch %d", config.bestBy(), state.bestScore(), state.bestEpoch()));
      return state;
    }
  }

  /** Mask targets and where they came from (for the checkpoints' provenance). */
  record Guided(MaskTargets targets, String description) {}

  /** What the mask targets of {@code graph}'s training are: its distractors and input size, reduced by {@code grid}. */
  public static TargetSpec targetSpec(GraphConfig graph, GridReduction grid) {
    return new TargetSpec(Distractors.of(graph.training().distractors(), "training.distractors"), grid,
        graph.model().inputWidth(), graph.model().inputHeight());
  }

  /** The training split's mask targets, from the run's guidance cache or computed into it. */
  static Guided maskTargets(RunFolder run, GraphConfig graph, PlaceDataset train, Guidance guidance) {
    TrainConfig config = graph.training();
    String purpose = "graph " + graph.name() + " (de-attention with maskLossWeight " + config.maskLossWeight() + ")";
    TargetSpec spec = targetSpec(graph, guidance.grid());
    try (TrainIdSource source = guidance.open(purpose)) {
      LOG.info("semantic guidance from {}: distractors {}, {} reduction to {}x{}", source, spec.distractors(),
          spec.grid().id(), spec.gridWidth(), spec.gridHeight());
      MaskTargets targets = MaskTargetCache.loadOrCompute(run.root().resolve(GUIDANCE_FOLDER), train.name(),
          train.allImages(), source, spec);
      return new Guided(targets, source.name() + ", distractors " + spec.distractors() + ", " + spec.grid().id());
    }
  }

  private static void checkpoint(RunFolder run, GraphConfig graph, Map<String, FloatArray> weights,
      TrainingState state, String guidance) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(STATE_ATTRIBUTE, state.toJson());
    attributes.put("epoch", Integer.toString(state.epochsDone()));
    attributes.put("graph", graph.name());
    attributes.put("guidance", guidance);
    if (state.lastEpochImproved()) {
      run.writeCheckpoint(BEST, weights, attributes);
    }
    run.writeCheckpoint(LATEST, weights, attributes);
  }
}
