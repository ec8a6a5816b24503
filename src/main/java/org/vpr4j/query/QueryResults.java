package org.vpr4j.query;

import java.nio.file.Path;
import java.util.List;

/**
 * The answer to a batch of queries: for each query its top-k database images, nearest first.
 *
 * @param index the index file searched
 * @param model the model that made the index
 * @param querySource how the queries were named
 * @param k matches per query
 * @param posDistThr radius in metres for a match to count as the same place
 * @param queries one entry per query, in input order
 */
public record QueryResults(Path index, ModelProvenance model, String querySource, int k, double posDistThr,
    List<Query> queries) {

  /** One query; {@code utm} is {@code null} when its position is unknown. */
  public record Query(Path image, double[] utm, List<Match> matches) {
    /** True when at least one match is known to be within the radius. */
    public boolean anyCorrect() {
      return matches.stream().anyMatch(m -> Boolean.TRUE.equals(m.withinThreshold()));
    }
  }

  /**
   * One database image found for a query.
   *
   * @param rank 1 for the nearest
   * @param databaseIndex row of the image in the index
   * @param distance Euclidean distance between the descriptors
   * @param utm position of the database image, {@code null} if unknown
   * @param metres distance between the two positions, {@code null} if either is unknown
   * @param withinThreshold {@code metres <= posDistThr}, {@code null} if either position is unknown
   */
  public record Match(int rank, int databaseIndex, Path image, double distance, double[] utm, Double metres,
      Boolean withinThreshold) {}

  /** Queries whose correctness can be judged (position known). */
  public long queriesWithPosition() {
    return queries.stream().filter(q -> q.utm() != null).count();
  }

  /** Queries whose nearest match is within the radius. */
  public long correctAtTop1() {
    return queries.stream()
        .filter(q -> !q.matches().isEmpty() && Boolean.TRUE.equals(q.matches().get(0).withinThreshold())).count();
  }

  /** Queries with a match within the radius among the top k. */
  public long correctInTopK() {
    return queries.stream().filter(Query::anyCorrect).count();
  }
}
