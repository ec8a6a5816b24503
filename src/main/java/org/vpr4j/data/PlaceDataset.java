package org.vpr4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One split of a place-recognition dataset: database images and queries with their UTM positions
 * (easting, northing in metres) and the distance thresholds that define true matches. Immutable;
 * the array accessors return copies. Built by {@link NetVladDatasets} or {@link UtmFolderDatasets}.
 */
public final class PlaceDataset {
  private final String name;
  private final String tag;
  private final String whichSet;
  private final List<Path> databaseImages;
  private final List<Path> queryImages;
  private final List<Path> allImages;
  private final double[][] databaseUtm;
  private final double[][] queryUtm;
  private final double posDistThr;
  private final double nonTrivPosDistSqThr;
  private final double[] databaseDates;
  private final double[] queryDates;

  private PlaceDataset(String name, String tag, DbStruct spec, List<Path> databaseImages, List<Path> queryImages) {
    this.name = name;
    this.tag = tag;
    this.whichSet = spec.whichSet();
    this.databaseImages = databaseImages;
    this.queryImages = queryImages;
    List<Path> all = new ArrayList<>(databaseImages.size() + queryImages.size());
    all.addAll(databaseImages);
    all.addAll(queryImages);
    this.allImages = Collections.unmodifiableList(all);
    this.databaseUtm = copyUtm(spec.utmDb(), databaseImages.size(), "database");
    this.queryUtm = copyUtm(spec.utmQ(), queryImages.size(), "query");
    this.posDistThr = spec.posDistThr();
    this.nonTrivPosDistSqThr = spec.nonTrivPosDistSqThr();
    this.databaseDates = spec.hasDates() ? copyDates(spec.dateDb(), databaseImages.size(), "database") : null;
    this.queryDates = spec.hasDates() ? copyDates(spec.dateQ(), queryImages.size(), "query") : null;
  }

  /**
   * A dataset from a validated {@link DbStruct}, with the image names resolved to files.
   *
   * @param name the split's name, e.g. {@code pitts30k_test}
   * @param tag the dataset tag that names centroid files, e.g. {@code pitts30k}
   * @param databasePath where a database image name of the struct lives on disk
   * @param queryPath where a query image name of the struct lives on disk
   */
  public static PlaceDataset fromDbStruct(String name, String tag, DbStruct spec,
      Function<String, Path> databasePath, Function<String, Path> queryPath) {
    return new PlaceDataset(name, tag, spec, resolve(spec.dbImageFns(), databasePath),
        resolve(spec.qImageFns(), queryPath));
  }

  public String name() {
    return name;
  }

  /** The dataset tag that names centroid files: {@code pitts30k}, {@code pitts250k}, {@code tokyo247}, ... */
  public String tag() {
    return tag;
  }

  /** {@code train}, {@code val} or {@code test}, as the .mat file says. */
  public String whichSet() {
    return whichSet;
  }

  public List<Path> databaseImages() {
    return databaseImages;
  }

  public List<Path> queryImages() {
    return queryImages;
  }

  /** Database images then queries: the order of the reference code's feature caches and evaluation. */
  public List<Path> allImages() {
    return allImages;
  }

  /** A fresh {@code [numDb][2]} copy of the database positions (easting, northing). */
  public double[][] databaseUtm() {
    return deepCopy(databaseUtm);
  }

  /** A fresh {@code [numQ][2]} copy of the query positions (easting, northing). */
  public double[][] queryUtm() {
    return deepCopy(queryUtm);
  }

  /** Evaluation radius in metres: a database image this close to a query is a true match. */
  public double posDistThr() {
    return posDistThr;
  }

  /** Squared radius (m²) for training positives. */
  public double nonTrivPosDistSqThr() {
    return nonTrivPosDistSqThr;
  }

  /** Capture dates of the database images (TokyoTM only). */
  public Optional<double[]> databaseDates() {
    return Optional.ofNullable(databaseDates).map(double[]::clone);
  }

  /** Capture dates of the queries (TokyoTM only). */
  public Optional<double[]> queryDates() {
    return Optional.ofNullable(queryDates).map(double[]::clone);
  }

  public int numDb() {
    return databaseImages.size();
  }

  public int numQ() {
    return queryImages.size();
  }

  @Override
  public String toString() {
    return name + " (" + numDb() + " database images, " + numQ() + " queries)";
  }

  private static List<Path> resolve(List<String> names, Function<String, Path> location) {
    List<Path> paths = new ArrayList<>(names.size());
    for (String n : names) {
      paths.add(location.apply(n).toAbsolutePath().normalize());
    }
    return Collections.unmodifiableList(paths);
  }

  private static double[][] copyUtm(double[][] utm, int n, String which) {
    if (utm.length != n) {
      throw new IllegalArgumentException(utm.length + " " + which + " positions for " + n + " images");
    }
    for (double[] xy : utm) {
      if (xy.length != 2) {
        throw new IllegalArgumentException(which + " positions must be (easting, northing) pairs");
      }
    }
    return deepCopy(utm);
  }

  private static double[] copyDates(double[] dates, int n, String which) {
    if (dates.length != n) {
      throw new IllegalArgumentException(dates.length + " " + which + " dates for " + n + " images");
    }
    return dates.clone();
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] copy = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      copy[i] = a[i].clone();
    }
    return copy;
  }
}
