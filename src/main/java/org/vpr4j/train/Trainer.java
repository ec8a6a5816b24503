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
import org.vpr4j.guidance.MaskTargets;
import org.vpr4j.util.Progress;

/**
 * One training epoch as the paper's code runs it (docs/training.md): the queries are split into parts of
 * {@code cacheRefreshRate}; before each part the descriptors of every training image are
 * recomputed; each query of the part (shuffled) is mined against that cache; batches of
 * {@code batchSize} tuples make one optimisation step each. The next batch's images load while
 * the current step runs. For de-attention with a mask loss, every image of a batch gets its
 * precomputed mask target ({@link MaskTargets}, rows in the split's database-then-queries order).
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
  private final MaskTargets targets;
  private final MiningCache miningCache;
  private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "vpr4j-train-images");
    t.setDaemon(true);
    return t;
  });

  public Trainer(TrainingGraph graph, TrainConfig config, TrainingSet set, Path spillFolder) {
    this(graph, config, set, spillFolder, null);
  }

  /**
   * @param targets mask targets of every image of the training split (database then queries), or
   *     null; required when the graph {@link TrainingGraph#needsMaskTargets() needs them}
   */
  public Trainer(TrainingGraph graph, TrainConfig config, TrainingSet set, Path spillFolder, MaskTargets targets) {
    if (graph.needsMaskTargets() && targets == null) {
      throw new VprException("training with a de-attention mask loss needs mask targets for " + set.dataset().name()
          + " (semantic guidance from label images or a segmenter), but none were given");
    }
    if (targets != null && targets.count() != set.dataset().allImages().size()) {
      throw new IllegalArgumentException(targets.count() + " mask targets for the " + set.dataset().allImages().size()
          + " images of " + set.dataset().name());
    }
    this.graph = graph;
    this.config = config;
    this.set = set;
    this.targets = graph.needsMaskTargets() ? targets : null;
    // The cache network is the full model, or encoder -> pooling with training.cacheModel=encoder-pool.
    this.miningCache = new MiningCache(graph.cacheDescriber(), set, config.cacheBatchSize(),
        config.miningCacheReuse(), spillFolder);
  }

  /** What computing the mining descriptors has cost so far (for benchmarks). */
  public MiningCache.Stats miningStats() {
    return miningCache.stats();
  }

  /**
   * A mined batch: its images in order (queries, positives, negatives), their rows in the split's
   * image list (database then queries) and the triplet indices.
   */
  record Batch(List<Path> images, int[] rows, int[] q, int[] p, int[] n) {}

  /**
   * Runs epoch {@code epoch} (0-based) and returns what it did; {@code steps} is the global
   * step count before it.
   */
  public TrainingState.EpochRecord epoch(int epoch, long steps, StepListener listener) {
    long start = System.nanoTime();
    double lr = config.learningRate(epoch);
    List<int[]> parts = TrainingSet.subsets(set.queries(), config.cacheRefreshRate());
    double lossSum = 0;
    double maskLossSum = 0;
    int batches = 0;
    int triplets = 0;
    int skipped = 0;
    long imagesFed = 0;
    for (int part = 0; part < parts.size(); part++) {
      // Everything random in a part derives from (seed, epoch, part): a resumed run repeats it.
      SplittableRandom rng = new SplittableRandom(config.seed() * 1_000_003L + epoch * 1009L + part);
      List<Batch> mined = new ArrayList<>();
      // MiningCache decides which descriptors are recomputed for this part (all of them by default).
      try (MiningCache.Part cache = miningCache.forPart(epoch, part, parts.size(), parts.get(part))) {
        skipped += mine(shuffled(parts.get(part), rng), cache.rows(), rng, mined);
      }
      try (Progress progress = Progress.start(String.format("epoch %d part %d/%d", epoch + 1, part + 1, parts.size()),
          mined.size(), "batch")) {
        CompletableFuture<byte[]> next = mined.isEmpty() ? null : load(mined.get(0));
        for (int i = 0; i < mined.size(); i++) {
          Batch b = mined.get(i);
          byte[] pixels = await(next);
          next = i + 1 < mined.size() ? load(mined.get(i + 1)) : null;
          float[] maskTargets = targets == null ? null : targets.gather(b.rows());
          TrainingGraph.StepResult r = graph.step(pixels, b.images().size(), b.q(), b.p(), b.n(), maskTargets, lr);
          if (!Float.isFinite(r.loss())) {
            throw new VprException(String.format("training diverged: the loss is %s at epoch %d, step %d"
                + " (learning rate %g); nothing of this epoch was saved, the last checkpoint is intact",
                r.loss(), epoch + 1, steps + 1, lr));
          }
          steps++;
          batches++;
          imagesFed += b.images().size();
          triplets += b.n().length;
          lossSum += r.loss();
          maskLossSum += r.maskLoss();
          progress.step(1);
          progress.message(String.format("loss %.4f", lossSum / batches));
          listener.onStep(steps, lossSum / batches, r, b.n().length);
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info(String.format("epoch %d: %d batches, %d triplets, %d queries without hard negatives, mean loss %.4f,"
        + " %.0f s", epoch + 1, batches, triplets, skipped, batches == 0 ? 0 : lossSum / batches, seconds));
    if (targets != null) {
      LOG.info(String.format("epoch %d: mean mask loss (w * MSE) %.5f", epoch + 1,
          batches == 0 ? 0 : maskLossSum / batches));
      logGuidanceSaving(epoch, imagesFed);
    }
    return new TrainingState.EpochRecord(epoch + 1, lr, batches == 0 ? 0 : lossSum / batches, batches, triplets,
        skipped, java.util.Map.of(), seconds);
  }

  /**
   * The reference segments every image of every batch; the cache computed each image once. Logs
   * what this epoch would have cost the reference, at the measured cost per image.
   */
  private void logGuidanceSaving(int epoch, long imagesFed) {
    double perImage = targets.secondsPerImage();
    LOG.info(String.format("epoch %d guidance: %d batch images took their mask targets from the cache; producing"
        + " them per batch, as the reference segments every batch, would have cost about %.1f s (%.1f ms per image);"
        + " computing all %d targets once took %.1f s", epoch + 1, imagesFed, imagesFed * perImage, 1000 * perImage,
        targets.count(), targets.computeSeconds()));
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
    List<Integer> rows = new ArrayList<>();
    int numDb = set.dataset().numDb();
    int b = tuples.size();
    for (NegativeMiner.Tuple t : tuples) {
      images.add(set.dataset().queryImages().get(t.query()));
      rows.add(numDb + t.query());
    }
    for (NegativeMiner.Tuple t : tuples) {
      images.add(set.dataset().databaseImages().get(t.positive()));
      rows.add(t.positive());
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
        rows.add(neg);
        k++;
      }
    }
    return new Batch(images, rows.stream().mapToInt(Integer::intValue).toArray(), q, p, n);
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
      return ImageBatches.loadAll(b.images(), w, h);
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
