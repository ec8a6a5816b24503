package org.vpr4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.util.Progress;

/**
 * One training epoch as the paper's code runs it (SPEC §6): the queries are split into parts of
 * {@code cacheRefreshRate}; before each part the descriptors of every training image are
 * recomputed; each query of the part (shuffled) is mined against that cache; batches of
 * {@code batchSize} tuples make one optimisation step each. The next batch's images load while
 * the current step runs.
 */
public final class Trainer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(Trainer.class);

  /** Receives the running statistics after every step. */
  public interface StepListener {
    void onStep(long step, double runningLoss, TrainingGraph.StepResult result, int negatives);
  }

  private final TrainingGraph graph;
  private final TrainConfig config;
  private final TrainingSet set;
  private final MiningCache miningCache; // mining-cache hook (replaces the spill folder field)
  private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "vpr4j-train-images");
    t.setDaemon(true);
    return t;
  });

  public Trainer(TrainingGraph graph, TrainConfig config, TrainingSet set, Path spillFolder) {
    this.graph = graph;
    this.config = config;
    this.set = set;
    this.miningCache = new MiningCache(graph, set, config.cacheBatchSize(), config.miningCacheReuse(), spillFolder);
  }

  /** What computing the mining descriptors has cost so far (mining-cache hook, for benchmarks). */
  public MiningCache.Stats miningStats() {
    return miningCache.stats();
  }

  /** A mined batch: its images in order (queries, positives, negatives) and triplet indices. */
  record Batch(List<Path> images, int[] q, int[] p, int[] n) {}

  /**
   * Runs epoch {@code epoch} (0-based) and returns what it did; {@code steps} is the global
   * step count before it.
   */
  public TrainingState.EpochRecord epoch(int epoch, long steps, StepListener listener) {
    long start = System.nanoTime();
    double lr = config.learningRate(epoch);
    List<int[]> parts = TrainingSet.subsets(set.queries(), config.cacheRefreshRate());
    double lossSum = 0;
    int batches = 0;
    int triplets = 0;
    int skipped = 0;
    for (int part = 0; part < parts.size(); part++) {
      // Everything random in a part derives from (seed, epoch, part): a resumed run repeats it.
      SplittableRandom rng = new SplittableRandom(config.seed() * 1_000_003L + epoch * 1009L + part);
      List<Batch> mined = new ArrayList<>();
      // ---- mining-cache hook: MiningCache decides which descriptors are recomputed for this part ----
      try (MiningCache.Part cache = miningCache.forPart(epoch, part, parts.size(), parts.get(part))) {
        skipped += mine(shuffled(parts.get(part), rng), cache.rows(), rng, mined);
      }
      // ---- end of mining-cache hook ----
      try (Progress progress = Progress.start(String.format("epoch %d part %d/%d", epoch + 1, part + 1, parts.size()),
          mined.size(), "batch")) {
        CompletableFuture<byte[]> next = mined.isEmpty() ? null : load(mined.get(0));
        for (int i = 0; i < mined.size(); i++) {
          Batch b = mined.get(i);
          byte[] pixels = await(next);
          next = i + 1 < mined.size() ? load(mined.get(i + 1)) : null;
          TrainingGraph.StepResult r = graph.step(pixels, b.images().size(), b.q(), b.p(), b.n(), lr);
          if (!Float.isFinite(r.loss())) {
            throw new VprException(String.format("training diverged: the loss is %s at epoch %d, step %d"
                + " (learning rate %g); nothing of this epoch was saved, the last checkpoint is intact",
                r.loss(), epoch + 1, steps + 1, lr));
          }
          steps++;
          batches++;
          triplets += b.n().length;
          lossSum += r.loss();
          progress.step(1);
          progress.message(String.format("loss %.4f", lossSum / batches));
          listener.onStep(steps, lossSum / batches, r, b.n().length);
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info(String.format("epoch %d: %d batches, %d triplets, %d queries without hard negatives, mean loss %.4f,"
        + " %.0f s", epoch + 1, batches, triplets, skipped, batches == 0 ? 0 : lossSum / batches, seconds));
    return new TrainingState.EpochRecord(epoch + 1, lr, batches == 0 ? 0 : lossSum / batches, batches, triplets,
        skipped, java.util.Map.of(), seconds);
  }

  /** Mines the queries in order into {@code batches}; returns how many queries were skipped. */
  private int mine(int[] queries, DescriptorStore cache, SplittableRandom rng, List<Batch> batches) {
    NegativeMiner miner = new NegativeMiner(RowSource.of(cache), set.dataset().numDb(),
        config.negativesSampled(), config.negativesPerQuery(), config.miningMargin());
    List<NegativeMiner.Tuple> tuples = new ArrayList<>();
    int skipped = 0;
    for (int i = 0; i < queries.length; i++) {
      int q = queries[i];
      NegativeMiner.Tuple t = miner.mine(q, set.positives(q), set.negativePool(q), rng);
      if (t != null) {
        tuples.add(t);
      } else {
        skipped++;
      }
      boolean batchEnds = (i + 1) % config.batchSize() == 0 || i == queries.length - 1;
      if (batchEnds && !tuples.isEmpty()) {
        batches.add(assemble(tuples));
        tuples.clear();
      }
    }
    return skipped;
  }

  /** Lays out queries, then positives, then every negative; triplets index into that list. */
  private Batch assemble(List<NegativeMiner.Tuple> tuples) {
    List<Path> images = new ArrayList<>();
    int b = tuples.size();
    for (NegativeMiner.Tuple t : tuples) {
      images.add(set.dataset().queryImages().get(t.query()));
    }
    for (NegativeMiner.Tuple t : tuples) {
      images.add(set.dataset().databaseImages().get(t.positive()));
    }
    int total = tuples.stream().mapToInt(t -> t.negatives().length).sum();
    int[] q = new int[total];
    int[] p = new int[total];
    int[] n = new int[total];
    int k = 0;
    for (int i = 0; i < b; i++) {
      for (int neg : tuples.get(i).negatives()) {
        q[k] = i;
        p[k] = b + i;
        n[k] = images.size();
        images.add(set.dataset().databaseImages().get(neg));
        k++;
      }
    }
    return new Batch(images, q, p, n);
  }

  private static int[] shuffled(int[] queries, SplittableRandom rng) {
    int[] out = queries.clone();
    for (int i = out.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }

  private CompletableFuture<byte[]> load(Batch b) {
    int w = graph.config().inputWidth();
    int h = graph.config().inputHeight();
    return CompletableFuture.supplyAsync(() -> {
      try (ImageBatches images = new ImageBatches(b.images(), w, h, b.images().size())) {
        return images.next().pixels();
      }
    }, loader);
  }

  private static byte[] await(CompletableFuture<byte[]> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    miningCache.close(); // mining-cache hook
    loader.shutdownNow();
  }
}
