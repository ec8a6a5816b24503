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
 * Recall@N of a model on a dataset split (docs/evaluation.md): descriptors of the database and the queries,
 * exact L2 nearest neighbours, ground truth = database images within {@code posDistThr} of the
 * query, recall@N = share of queries with a true match among the N nearest, after the
 * {@link EvaluationProtocol} has removed the candidates it does not count (docs/evaluation.md).
 */
public final class Evaluation {
  private static final Logger LOG = LogManager.getLogger(Evaluation.class);

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
    int k = neighboursNeeded(ds.numDb(), ns);
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
    return score(ds.name(), found, ds.databaseUtm(), ds.queryUtm(), ds.posDistThr(), ns, protocol, (t1 - t0) / 1e9,
        (t2 - t1) / 1e9);
  }

  /**
   * Recall@N of a finished search (after {@code protocol} has been applied to it): ground truth
   * within {@code posDistThr} of each query, recall at each N (an N beyond the database size counts
   * as the whole database). {@link #run} and the Spark evaluation both end here, so they report
   * the same numbers for the same neighbours.
   *
   * @param found the nearest database rows of every query, at least {@code min(numDb, max(ns))} each
   *     under the plain protocol
   */
  public static Result score(String dataset, SearchResult found, double[][] utmDb, double[][] utmQ,
      double posDistThr, int[] ns, EvaluationProtocol protocol, double extractSeconds, double searchSeconds) {
    int k = neighboursNeeded(utmDb.length, ns);
    if (found.numQueries() != utmQ.length) {
      throw new VprException(dataset + ": the search result has " + found.numQueries() + " queries but there are "
          + utmQ.length + " query positions");
    }
    if (protocol == EvaluationProtocol.PLAIN && found.k() < k) {
      throw new VprException(dataset + ": recall@" + k + " needs " + k + " neighbours per query, the search result has "
          + found.k());
    }
    int[][] gt = GroundTruth.withinRadius(utmDb, utmQ, posDistThr);
    // With fewer database images than N, the N nearest are all of them: recall@N = recall@numDb.
    int[] clamped = java.util.Arrays.stream(ns).map(n -> Math.min(n, k)).distinct().sorted().toArray();
    // A protocol that drops candidates may leave a query fewer than N: the missing ranks are misses.
    Recall recall = protocol == EvaluationProtocol.PLAIN ? Recall.atN(found.indices(), gt, clamped)
        : Recall.atNOfShortLists(found.indices(), gt, clamped);
    Map<Integer, Double> recalls = new LinkedHashMap<>();
    for (int n : ns) {
      recalls.put(n, recall.at(Math.min(n, k)));
    }
    LOG.info("{}: {} database images, {} queries ({} without a positive within {} m), protocol {}", dataset,
        utmDb.length, utmQ.length, recall.queriesWithoutGroundTruth(), posDistThr, protocol.id());
    return new Result(dataset, utmDb.length, utmQ.length, recall.queriesWithoutGroundTruth(), recalls,
        found.indices(), found.distances(), gt, extractSeconds, searchSeconds, protocol);
  }

  /** Neighbours per query that recall at {@code ns} needs on a database of {@code numDb} images. */
  public static int neighboursNeeded(int numDb, int[] ns) {
    return Math.min(numDb, java.util.Arrays.stream(ns).max().orElse(1));
  }
}
