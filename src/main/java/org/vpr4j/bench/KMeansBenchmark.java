package org.vpr4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vpr4j.cluster.KMeans;
import org.vpr4j.eval.InMemoryDescriptors;

/**
 * k-means as clustering for NetVLAD runs it, with faiss's defaults (at most 256 points per
 * centroid, so 50,000 points are subsampled to 16,384 for k = 64), on random unit vectors.
 */
public final class KMeansBenchmark {
  private KMeansBenchmark() {}

  public static BenchResult run(int points, int dim, int k, int iterations, StageRecorder stage) throws Exception {
    InMemoryDescriptors data = new InMemoryDescriptors(points, dim, SearchBenchmark.unitRows(points, dim, 3));
    KMeans kmeans = new KMeans(KMeans.Config.defaults(k).withIterations(iterations));
    KMeans.Result[] last = new KMeans.Result[1];
    double s = stage.median(() -> last[0] = kmeans.fit(data));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("pointsUsed", last[0].pointsUsed());
    extra.put("objective", last[0].objective());
    return stage.result("vpr4j", String.format("vpr4j KMeans (TF assignment, faiss defaults), %d threads",
            Runtime.getRuntime().availableProcessors()),
        scenario(points, dim, k, iterations), iterations, "iteration", s, extra);
  }

  /** The case name both sides use. */
  public static String scenario(int points, int dim, int k, int iterations) {
    return points + " x " + dim + " -> " + k + ", " + iterations + " iterations";
  }
}
