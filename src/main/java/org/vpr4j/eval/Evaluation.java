package org.vpr4j.eval;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.model.Describer;

/**
 * Recall@N of a model on a dataset split (SPEC §8): descriptors of the database and the queries,
 * exact L2 nearest neighbours, ground truth = database images within {@code posDistThr} of the
 * query, recall@N = share of queries with a true match among the N nearest, after the
 * {@link EvaluationProtocol} has removed the candidates it does not count (docs/evaluation.md).
 */
public final class Evaluation {
  private static final Logger LOG = LogManager.getLogger(Evaluation.class);

  /** The N of recall@N the paper's code reports. */
  public static final int[] DEFAULT_NS = {1, 2, 3, 4, 5, 10, 15, 20, 25};

  /** Everything a report needs. */
  public record Result(String dataset, int numDb, int numQ, int queriesWithoutPositives,
      Map<Integer, Double> recalls, int[][] predictions, float[][] distances, int[][] groundTruth,
      double extractSeconds, double searchSeconds, EvaluationProtocol protocol) {}

  private Evaluation() {}

  /**
   * Something done to the database and query descriptors together before the search (the
   * reference code's transductive PCA, fitted on the evaluated database).
   */
  public interface PairTransform {
    /** Returns {database, queries} transformed. */
    DescriptorStore[] apply(DescriptorStore database, DescriptorStore queries);
  }

  /** Evaluation with the dataset's default protocol ({@link EvaluationProtocol#forDataset}). */
  public static Result run(Describer model, PlaceDataset ds, int batchSize, int[] ns, Path spillFolder) {
    return run(model, ds, batchSize, ns, spillFolder, EvaluationProtocol.forDataset(ds));
  }

  public static Result run(Describer model, PlaceDataset ds, int batchSize, int[] ns, Path spillFolder,
      EvaluationProtocol protocol) {
    return run(model, ds, batchSize, ns, spillFolder, protocol, null);
  }

  /** As above, with {@code transform} (or null) applied to the descriptors before the search. */
  public static Result run(Describer model, PlaceDataset ds, int batchSize, int[] ns, Path spillFolder,
      EvaluationProtocol protocol, PairTransform transform) {
    if (ds.numDb() == 0) {
      throw new VprException("dataset " + ds.name() + " has no database images");
    }
    if (ds.numQ() == 0) {
      throw new VprException("dataset " + ds.name() + " has no queries");
    }
    int k = Math.min(ds.numDb(), java.util.Arrays.stream(ns).max().orElse(1));
    long t0 = System.nanoTime();
    long t1;
    SearchResult found;
    try (DescriptorExtraction.Extracted db = DescriptorExtraction.extract(model, ds.databaseImages(), batchSize,
            ds.name() + " database", spillFolder);
        DescriptorExtraction.Extracted q = DescriptorExtraction.extract(model, ds.queryImages(), batchSize,
            ds.name() + " queries", spillFolder);
        ExactSearch search = new ExactSearch()) {
      t1 = System.nanoTime();
      DescriptorStore[] pair = transform == null ? new DescriptorStore[] {db.store(), q.store()}
          : transform.apply(db.store(), q.store());
      found = protocol.apply(search.search(pair[1], pair[0], protocol.candidates(k, ds)), ds, k);
    }
    long t2 = System.nanoTime();
    int[][] gt = GroundTruth.withinRadius(ds.databaseUtm(), ds.queryUtm(), ds.posDistThr());
    // With fewer database images than N, the N nearest are all of them: recall@N = recall@numDb.
    int[] clamped = java.util.Arrays.stream(ns).map(n -> Math.min(n, k)).distinct().sorted().toArray();
    // A protocol that drops candidates may leave a query fewer than N: the missing ranks are misses.
    Recall recall = protocol == EvaluationProtocol.PLAIN ? Recall.atN(found.indices(), gt, clamped)
        : Recall.atNOfShortLists(found.indices(), gt, clamped);
    Map<Integer, Double> recalls = new LinkedHashMap<>();
    for (int n : ns) {
      recalls.put(n, recall.at(Math.min(n, k)));
    }
    LOG.info("{}: {} database images, {} queries ({} without a positive within {} m), protocol {}", ds.name(),
        ds.numDb(), ds.numQ(), recall.queriesWithoutGroundTruth(), ds.posDistThr(), protocol.id());
    return new Result(ds.name(), ds.numDb(), ds.numQ(), recall.queriesWithoutGroundTruth(), recalls,
        found.indices(), found.distances(), gt, (t1 - t0) / 1e9, (t2 - t1) / 1e9, protocol);
  }
}
