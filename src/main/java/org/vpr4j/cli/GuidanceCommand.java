package org.vpr4j.cli;

import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.guidance.Distractors;
import org.vpr4j.guidance.Guidance;
import org.vpr4j.guidance.MaskTargetCache;
import org.vpr4j.guidance.MaskTargets;
import org.vpr4j.guidance.TargetSpec;
import org.vpr4j.guidance.TrainIdSource;
import org.vpr4j.io.RunFolder;
import org.vpr4j.train.TrainingRun;
import org.vpr4j.train.TrainingSet;

/**
 * {@code vpr4j guidance}: computes (or checks) a split's de-attention mask targets into the run's
 * cache ({@code RUN/guidance/}) and reports what caching saves over segmenting every training
 * batch, as the reference does.
 */
final class GuidanceCommand implements Command {
  @Override
  public String name() {
    return "guidance";
  }

  @Override
  public String summary() {
    return "compute a split's de-attention mask targets once (label images or a segmenter) into the run's cache";
  }

  @Override
  public OptionSet options() {
    return GuidanceOptions.add(DatasetOptions.add(new OptionSet()
        .required("run", "DIR", "run folder whose graph gives the distractors and the input size")
        .value("split", "NAME", "synthcity_train", "split whose database images and queries get targets")
        .value("distractors", "LIST", null, "categories to suppress (default: the graph's training.distractors)")));
  }

  @Override
  public int run(Args args) {
    RunFolder run = RunFolder.open(args.requirePath("run"));
    GraphConfig graph = GraphConfig.of(run);
    TrainConfig training = graph.training();
    Distractors distractors = args.given("distractors")
        ? Distractors.of(args.strings("distractors"), "--distractors")
        : Distractors.of(training.distractors(), "training.distractors of " + run.root().resolve(RunFolder.GRAPH));
    Guidance guidance = GuidanceOptions.from(args);
    TargetSpec spec = new TargetSpec(distractors, guidance.grid(), graph.model().inputWidth(),
        graph.model().inputHeight());
    PlaceDataset split = DatasetOptions.open(args, args.string("split"));
    MaskTargets targets;
    String file;
    try (TrainIdSource source = guidance.open("vpr4j guidance")) {
      targets = MaskTargetCache.loadOrCompute(run.root().resolve(TrainingRun.GUIDANCE_FOLDER), split.name(),
          split.allImages(), source, spec);
      file = MaskTargetCache.file(run.root().resolve(TrainingRun.GUIDANCE_FOLDER), split.name(), source, spec)
          .toString();
    }
    System.out.printf("%s: mask targets of %d images (%dx%d grid, distractors %s, %s) in %s%n", split.name(),
        targets.count(), targets.width(), targets.height(), distractors, spec.grid().id(), file);
    System.out.printf("mean target %.3f (1 = static scene); computing all targets took %.1f s"
        + " (%.1f ms per image for the source)%n", mean(targets), targets.computeSeconds(),
        1000 * targets.secondsPerImage());
    int queries = trainingQueries(split);
    if (queries == 0) {
      return 0;
    }
    long perEpoch = (long) queries * (2 + training.negativesPerQuery());
    System.out.printf("the reference segments every batch image: up to %d images per epoch (%d queries x (query,"
        + " positive, %d negatives)), about %.0f s per epoch and %.0f s for %d epochs at this cost per image%n",
        perEpoch, queries, training.negativesPerQuery(), perEpoch * targets.secondsPerImage(),
        perEpoch * targets.secondsPerImage() * training.epochs(), training.epochs());
    return 0;
  }

  /** Queries with a training positive; 0 when the split has none (then there is no training to compare with). */
  private static int trainingQueries(PlaceDataset split) {
    try {
      return new TrainingSet(split).queries().length;
    } catch (VprException e) {
      return 0;
    }
  }

  private static double mean(MaskTargets t) {
    double sum = 0;
    for (int i = 0; i < t.count(); i++) {
      for (float v : t.target(i)) {
        sum += v;
      }
    }
    return sum / ((double) t.count() * t.height() * t.width());
  }
}
