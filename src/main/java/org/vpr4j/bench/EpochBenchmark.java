package org.vpr4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.Evaluation;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.train.MiningCache;
import org.vpr4j.train.Trainer;
import org.vpr4j.train.TrainingGraph;
import org.vpr4j.train.TrainingSet;
import org.vpr4j.train.TrainingState;

/**
 * Training epochs from the same starting weights under different mining-cache policies
 * ({@link TrainConfig#miningCacheReuse}: 1 is the paper's full refresh before every part), timing
 * the descriptor work of mining apart from the rest, then recall@N of the result on a test split.
 * One result per policy, plus one for the starting weights.
 */
public final class EpochBenchmark {
  static final int[] NS = {1, 5, 10};

  private EpochBenchmark() {}

  public static List<BenchResult> run(GraphConfig graph, Map<String, FloatArray> start, PlaceDataset train,
      PlaceDataset test, int epochs, List<Integer> reuses, Path spillFolder, StageRecorder stage) {
    int batch = graph.training().cacheBatchSize();
    String scenario = String.format("%s, %d epoch%s, %s", train.name(), epochs, epochs == 1 ? "" : "s", graph.name());
    List<BenchResult> out = new ArrayList<>();
    Evaluation.Result before;
    try (InferenceModel model = new InferenceModel(graph.model(), graph.training().seed())) {
      model.load(model.params().known(start));
      before = Evaluation.run(model, test, batch, NS, spillFolder);
    }
    Map<String, Object> untrained = new LinkedHashMap<>();
    putRecalls(untrained, before);
    out.add(stage.result("untrained", "starting weights (no training)", scenario, 0, "epoch", 0, untrained));

    TrainingSet set = new TrainingSet(train);
    int parts = TrainingSet.subsets(set.queries(), graph.training().cacheRefreshRate()).size();
    for (int reuse : reuses) {
      TrainConfig config = graph.training().withMiningCacheReuse(reuse);
      try (TrainingGraph tg = new TrainingGraph(graph.model(), config, config.seed());
          Trainer trainer = new Trainer(tg, config, set, spillFolder)) {
        tg.load(tg.params().known(start));
        long steps = 0;
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
          TrainingState.EpochRecord r = trainer.epoch(e, steps, (step, loss, result, negatives) -> { });
          steps += r.batches();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        MiningCache.Stats mining = trainer.miningStats();
        Evaluation.Result after = Evaluation.run(tg, test, batch, NS, spillFolder);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("miningCacheReuse", reuse);
        extra.put("parts", parts);
        extra.put("miningSeconds", mining.seconds() / epochs);
        extra.put("miningImages", mining.imagesDescribed() / epochs);
        extra.put("databaseRefreshes", mining.databaseRefreshes() / epochs);
        extra.put("steps", steps / epochs);
        putRecalls(extra, after);
        out.add(stage.result(engine(reuse), label(reuse, parts), scenario, epochs, "epoch", seconds, extra));
      }
    }
    return out;
  }

  static String engine(int reuse) {
    return reuse == 1 ? "vpr4j-full-refresh" : "vpr4j-reuse-" + reuse;
  }

  private static String label(int reuse, int parts) {
    return reuse == 1
        ? "paper: every training image described again before each of the " + parts + " parts"
        : "database described once per " + reuse + " parts, each part describes only its own queries";
  }

  private static void putRecalls(Map<String, Object> extra, Evaluation.Result r) {
    for (int n : NS) {
      extra.put("recall@" + n, r.recalls().get(n));
    }
  }
}
