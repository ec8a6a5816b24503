package org.vpr4j.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.vpr4j.VprException;
import org.vpr4j.data.PlaceDataset;

/**
 * Images to index or to query with, and their positions where known.
 *
 * @param source how the user named the images, for provenance and page titles
 * @param images absolute image paths
 * @param utm {@code [n][2]} (easting, northing) in metres; both NaN when the position is unknown
 * @param posDistThr the radius in metres within which a database image counts as the same place
 */
public record ImageSet(String source, List<Path> images, double[][] utm, double posDistThr) {
  /** The NetVLAD evaluation radius, used where no dataset says otherwise. */
  public static final double DEFAULT_POS_DIST_THR = 25;

  public ImageSet {
    images = List.copyOf(images);
    if (utm.length != images.size()) {
      throw new IllegalArgumentException(utm.length + " positions for " + images.size() + " images");
    }
    if (!(posDistThr > 0)) {
      throw new IllegalArgumentException("posDistThr must be positive, got " + posDistThr);
    }
  }

  /** The database images of a dataset split, with their positions. */
  public static ImageSet databaseOf(PlaceDataset ds) {
    return new ImageSet("dataset " + ds.name() + " (database)", ds.databaseImages(), ds.databaseUtm(),
        ds.posDistThr());
  }

  /** The queries of a dataset split, with their positions. */
  public static ImageSet queriesOf(PlaceDataset ds) {
    return new ImageSet("dataset " + ds.name() + " (queries)", ds.queryImages(), ds.queryUtm(), ds.posDistThr());
  }

  /** One image; its position comes from an {@code @UTM@} name if it has one. */
  public static ImageSet file(Path file) {
    if (!Files.exists(file)) {
      throw new VprException("image " + file + " does not exist");
    }
    if (!Files.isRegularFile(file) || !isImageName(file)) {
      throw new VprException("image " + file + " is not a .jpg, .jpeg or .png file");
    }
    return fromPaths("image " + file, List.of(file.toAbsolutePath().normalize()));
  }

  /** Every .jpg/.jpeg/.png under {@code folder} (recursively, sorted by path). */
  public static ImageSet folder(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new VprException("image folder " + folder + " does not exist or is not a folder");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).filter(ImageSet::isImageName)
          .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
    } catch (IOException e) {
      throw new VprException("image folder " + folder + " cannot be listed: " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new VprException("image folder " + folder + " holds no .jpg, .jpeg or .png images");
    }
    return fromPaths("folder " + folder.toAbsolutePath().normalize(), files);
  }

  public int size() {
    return images.size();
  }

  /** True when image {@code i} has a known position. */
  public boolean hasPosition(int i) {
    return Double.isFinite(utm[i][0]) && Double.isFinite(utm[i][1]);
  }

  /** Number of images with a known position. */
  public int positionsKnown() {
    int n = 0;
    for (int i = 0; i < size(); i++) {
      n += hasPosition(i) ? 1 : 0;
    }
    return n;
  }

  private static ImageSet fromPaths(String source, List<Path> files) {
    double[][] utm = new double[files.size()][];
    for (int i = 0; i < utm.length; i++) {
      utm[i] = UtmNames.parse(files.get(i).getFileName().toString()).orElseGet(ImageSet::unknown);
    }
    return new ImageSet(source, files, utm, DEFAULT_POS_DIST_THR);
  }

  private static double[] unknown() {
    double[] xy = new double[2];
    Arrays.fill(xy, Double.NaN);
    return xy;
  }

  private static boolean isImageName(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
  }
}
