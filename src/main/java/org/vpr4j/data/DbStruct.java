package org.vpr4j.data;

import java.util.List;

/**
 * The content of a NetVLAD dataset specification ({@code dbStruct} in a {@code .mat} file),
 * in the field order of Relja Arandjelović's {@code dbBase.m}. Image names are relative: database
 * names to the dataset root, query names to the query folder. UTM arrays are {@code [n][2]}
 * (easting, northing) in metres. TokyoTM's dates are {@code null} for every other dataset.
 */
public record DbStruct(
    String whichSet,
    List<String> dbImageFns,
    double[][] utmDb,
    List<String> qImageFns,
    double[][] utmQ,
    double posDistThr,
    double posDistSqThr,
    double nonTrivPosDistSqThr,
    double[] dateDb,
    double[] dateQ) {

  /** A struct without dates (every dataset but TokyoTM). */
  public DbStruct(
      String whichSet,
      List<String> dbImageFns,
      double[][] utmDb,
      List<String> qImageFns,
      double[][] utmQ,
      double posDistThr,
      double posDistSqThr,
      double nonTrivPosDistSqThr) {
    this(whichSet, dbImageFns, utmDb, qImageFns, utmQ, posDistThr, posDistSqThr, nonTrivPosDistSqThr, null, null);
  }

  public int numImages() {
    return dbImageFns.size();
  }

  public int numQueries() {
    return qImageFns.size();
  }

  public boolean hasDates() {
    return dateDb != null && dateQ != null;
  }
}
