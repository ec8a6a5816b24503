package org.vpr4j.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.vpr4j.VprException;

/**
 * The true matches of each query: database images taken within a radius of the query's position,
 * as sklearn's {@code NearestNeighbors.radius_neighbors} finds them in the reference code
 * (distance &le; radius, compared squared). A uniform grid with cells one radius wide means each
 * query looks only at the 3 x 3 cells around it, so Pitts250k (84k x 8k) takes milliseconds.
 */
public final class GroundTruth {
  private GroundTruth() {}

  /**
   * For each query, the ascending database indices whose UTM position lies within {@code radius}
   * metres.
   *
   * @param utmDb database positions {@code [n][2]} (easting, northing)
   * @param utmQ query positions {@code [m][2]}
   * @throws VprException if the radius is not a positive number or a coordinate is not finite
   */
  public static int[][] withinRadius(double[][] utmDb, double[][] utmQ, double radius) {
    if (!(radius > 0) || Double.isInfinite(radius)) {
      throw new VprException("the ground-truth radius must be a positive number of metres, got " + radius);
    }
    checkPositions(utmDb, "database");
    checkPositions(utmQ, "query");
    Grid grid = new Grid(utmDb, radius);
    double r2 = radius * radius;
    int[][] out = new int[utmQ.length][];
    int[] found = new int[16];
    for (int q = 0; q < utmQ.length; q++) {
      double qx = utmQ[q][0];
      double qy = utmQ[q][1];
      long cx = grid.cell(qx);
      long cy = grid.cell(qy);
      int count = 0;
      for (long dx = -1; dx <= 1; dx++) {
        for (long dy = -1; dy <= 1; dy++) {
          int[] range = grid.cells.get(Grid.key(cx + dx, cy + dy));
          if (range == null) {
            continue;
          }
          for (int p = range[0]; p < range[1]; p++) {
            int i = grid.order[p];
            double ex = utmDb[i][0] - qx;
            double ey = utmDb[i][1] - qy;
            if (ex * ex + ey * ey <= r2) {
              if (count == found.length) {
                found = Arrays.copyOf(found, 2 * count);
              }
              found[count++] = i;
            }
          }
        }
      }
      int[] matches = Arrays.copyOf(found, count);
      Arrays.sort(matches);
      out[q] = matches;
    }
    return out;
  }

  private static void checkPositions(double[][] utm, String which) {
    for (int i = 0; i < utm.length; i++) {
      if (utm[i].length != 2 || !Double.isFinite(utm[i][0]) || !Double.isFinite(utm[i][1])) {
        throw new VprException("the UTM position of " + which + " image " + i + " is not a finite (easting, northing) pair: "
            + Arrays.toString(utm[i]));
      }
    }
  }

  /** Database indices sorted by grid cell, and each occupied cell's range in that order. */
  private static final class Grid {
    final double cellSize;
    final int[] order;
    final Map<Long, int[]> cells = new HashMap<>();

    Grid(double[][] utm, double cellSize) {
      this.cellSize = cellSize;
      int n = utm.length;
      long[] keys = new long[n];
      Integer[] boxed = new Integer[n];
      for (int i = 0; i < n; i++) {
        keys[i] = key(cell(utm[i][0]), cell(utm[i][1]));
        boxed[i] = i;
      }
      Arrays.sort(boxed, (a, b) -> Long.compare(keys[a], keys[b]));
      order = new int[n];
      for (int p = 0; p < n; ) {
        long k = keys[boxed[p]];
        int start = p;
        while (p < n && keys[boxed[p]] == k) {
          order[p] = boxed[p];
          p++;
        }
        cells.put(k, new int[] {start, p});
      }
    }

    long cell(double coordinate) {
      return (long) Math.floor(coordinate / cellSize);
    }

    /**
     * Packs two cell coordinates into one key. Cells that collide (only for absurdly small radii)
     * merely add candidates that the exact distance test then rejects.
     */
    static long key(long cx, long cy) {
      return (cx << 32) ^ (cy & 0xffffffffL);
    }
  }
}
