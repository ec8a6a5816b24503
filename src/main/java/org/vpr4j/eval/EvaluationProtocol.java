package org.vpr4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vpr4j.VprException;
import org.vpr4j.data.PlaceDataset;

/**
 * How the ranked database list of a query becomes the list recall@N counts on (docs/evaluation.md).
 * The search asks for {@link #candidates} neighbours; {@link #apply} then removes candidates and
 * keeps the first N.
 */
public enum EvaluationProtocol {
  /** The N nearest database images, as the paper's code evaluates Pittsburgh and Tokyo 24/7. */
  PLAIN("plain", "recall@N over the N nearest database images"),
  /** TokyoTM as the paper's code evaluates it. */
  TOKYO_TM_DATE("tokyotm-date", "TokyoTM's rule: the " + EvaluationProtocol.TOKYO_TM_CANDIDATES
      + " nearest database images, minus those taken on the same date as the query, then the first N"),
  /** The standard Tokyo 24/7 protocol (NetVLAD's MATLAB evaluation): one hit per panorama. */
  TOKYO247_PANORAMA("tokyo247-panorama", "the standard Tokyo 24/7 protocol: of the views of each database"
      + " panorama (the images at one position, 12 in Tokyo 24/7) only the best-ranked is kept, then the first N");

  /** Candidates the reference retrieves before dropping same-date images. */
  public static final int TOKYO_TM_CANDIDATES = 200;
  /** The value of {@code --protocol} that picks {@link #forDataset}. */
  public static final String AUTO = "auto";

  private final String id;
  private final String description;

  EvaluationProtocol(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** The name used by {@code --protocol} and in the reports. */
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /** The default of a dataset: the date rule when the .mat has capture dates (TokyoTM), else plain. */
  public static EvaluationProtocol forDataset(PlaceDataset ds) {
    return ds.databaseDates().isPresent() && ds.queryDates().isPresent() ? TOKYO_TM_DATE : PLAIN;
  }

  /**
   * The protocol named by {@code --protocol} ({@code auto} or an {@link #id}), checked against the
   * dataset: the date rule needs the capture dates of a TokyoTM .mat.
   */
  public static EvaluationProtocol choose(String option, PlaceDataset ds) {
    String name = option.trim().toLowerCase(java.util.Locale.ROOT);
    if (name.equals(AUTO)) {
      return forDataset(ds);
    }
    for (EvaluationProtocol p : values()) {
      if (p.id.equals(name)) {
        if (p == TOKYO_TM_DATE && ds.databaseDates().isEmpty()) {
          throw new VprException("--protocol tokyotm-date: dataset " + ds.name()
              + " has no capture dates (only TokyoTM's .mat files carry dateDb and dateQ)");
        }
        return p;
      }
    }
    List<String> known = new ArrayList<>(List.of(AUTO));
    Arrays.stream(values()).forEach(p -> known.add(p.id));
    throw new VprException("--protocol: unknown protocol '" + option + "' (known: " + String.join(", ", known) + ")");
  }

  /** How many neighbours the search must return so that {@link #apply} can still keep {@code n}. */
  public int candidates(int n, PlaceDataset ds) {
    int wanted = switch (this) {
      case PLAIN -> n;
      case TOKYO_TM_DATE -> Math.max(TOKYO_TM_CANDIDATES, n);
      // Every kept panorama uses up at most its number of views among the candidates.
      case TOKYO247_PANORAMA -> Math.multiplyExact(n, largestPanorama(panoramas(ds)));
    };
    return Math.min(ds.numDb(), wanted);
  }

  /** The first {@code n} candidates of each query that the protocol keeps (possibly fewer). */
  public SearchResult apply(SearchResult found, PlaceDataset ds, int n) {
    int[][] indices = new int[found.numQueries()][];
    float[][] distances = new float[found.numQueries()][];
    double[] dbDates = this == TOKYO_TM_DATE ? ds.databaseDates().orElseThrow() : null;
    double[] qDates = this == TOKYO_TM_DATE ? ds.queryDates().orElseThrow() : null;
    int[] panorama = this == TOKYO247_PANORAMA ? panoramas(ds) : null;
    for (int q = 0; q < found.numQueries(); q++) {
      int[] ids = found.indices()[q];
      List<Integer> kept = new ArrayList<>();
      Set<Integer> seenPanoramas = new HashSet<>();
      for (int r = 0; r < ids.length && kept.size() < n; r++) {
        int db = ids[r];
        boolean keep = switch (this) {
          case PLAIN -> true;
          // The reference compares the stored dates for equality.
          case TOKYO_TM_DATE -> dbDates[db] != qDates[q];
          case TOKYO247_PANORAMA -> seenPanoramas.add(panorama[db]);
        };
        if (keep) {
          kept.add(r);
        }
      }
      indices[q] = kept.stream().mapToInt(r -> ids[r]).toArray();
      float[] d = found.distances()[q];
      distances[q] = new float[kept.size()];
      for (int i = 0; i < kept.size(); i++) {
        distances[q][i] = d[kept.get(i)];
      }
    }
    return new SearchResult(indices, distances);
  }

  /**
   * The panorama of every database image: images at exactly the same position are views of one
   * panorama (the .mat gives every cut-out its panorama's position).
   */
  static int[] panoramas(PlaceDataset ds) {
    double[][] utm = ds.databaseUtm();
    Map<List<Double>, Integer> ids = new HashMap<>();
    int[] out = new int[utm.length];
    for (int i = 0; i < utm.length; i++) {
      out[i] = ids.computeIfAbsent(List.of(utm[i][0], utm[i][1]), k -> ids.size());
    }
    return out;
  }

  private static int largestPanorama(int[] panorama) {
    Map<Integer, Integer> views = new HashMap<>();
    int largest = 1;
    for (int p : panorama) {
      largest = Math.max(largest, views.merge(p, 1, Integer::sum));
    }
    return largest;
  }
}
