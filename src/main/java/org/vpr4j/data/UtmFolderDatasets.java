package org.vpr4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.vpr4j.VprException;

/**
 * Opens datasets in the VPR-datasets-downloader layout: {@code ROOT/images/<split>/database/} and
 * {@code ROOT/images/<split>/queries/}, each image named
 * {@code @UTM_east@UTM_north@zone@letter@lat@lon@...@.jpg}. Only the two UTM fields are read.
 * Images are sorted by file name so that runs are reproducible. Thresholds are the NetVLAD standard:
 * 25 m for evaluation, 10 m (100 m²) for training positives.
 */
public final class UtmFolderDatasets {
  static final double POS_DIST_THR = 25;
  static final double NON_TRIV_POS_DIST_SQ_THR = 100;

  private UtmFolderDatasets() {}

  /**
   * Opens {@code ROOT/images/<split>}; the dataset's name is {@code <root folder>_<split>} and its tag
   * the root folder's name.
   */
  public static PlaceDataset open(Path root, String split) {
    if (root == null || !Files.isDirectory(root)) {
      throw new VprException("dataset root " + root + " does not exist or is not a folder");
    }
    Path base = root.toAbsolutePath().normalize();
    Path splitFolder = base.resolve("images").resolve(split);
    if (!Files.isDirectory(splitFolder)) {
      throw new VprException(splitFolder + ": no such folder for split '" + split + "'" + availableSplits(base));
    }
    Path databaseFolder = splitFolder.resolve("database");
    Path queryFolder = splitFolder.resolve("queries");
    List<String> dbNames = imageNames(databaseFolder);
    List<String> qNames = imageNames(queryFolder);
    DbStruct spec = new DbStruct(split, dbNames, utmOf(databaseFolder, dbNames), qNames, utmOf(queryFolder, qNames),
        POS_DIST_THR, POS_DIST_THR * POS_DIST_THR, NON_TRIV_POS_DIST_SQ_THR);
    String tag = base.getFileName() == null ? "dataset" : base.getFileName().toString();
    DatasetRoot inside = DatasetRoot.of(base);
    inside.requireInside(dbNames, databaseFolder::resolve, databaseFolder.toString());
    inside.requireInside(qNames, queryFolder::resolve, queryFolder.toString());
    return PlaceDataset.fromDbStruct(tag + "_" + split, tag, spec, databaseFolder::resolve, queryFolder::resolve);
  }

  /**
   * The UTM position in an image name {@code @east@north@...}.
   *
   * @throws VprException naming the file when the name does not carry two finite numbers there
   */
  static double[] parseUtm(Path folder, String fileName) {
    String[] fields = fileName.split("@", -1);
    if (fields.length >= 4 && fields[0].isEmpty()) {
      try {
        double east = Double.parseDouble(fields[1]);
        double north = Double.parseDouble(fields[2]);
        if (Double.isFinite(east) && Double.isFinite(north)) {
          return new double[] {east, north};
        }
      } catch (NumberFormatException e) {
        // reported below with the expected pattern
      }
    }
    throw new VprException(folder.resolve(fileName) + ": cannot read the UTM position from the file name;"
        + " expected @UTM_east@UTM_north@...@.jpg");
  }

  private static double[][] utmOf(Path folder, List<String> names) {
    double[][] utm = new double[names.size()][];
    for (int i = 0; i < utm.length; i++) {
      utm[i] = parseUtm(folder, names.get(i));
    }
    return utm;
  }

  private static List<String> imageNames(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new VprException(folder + ": no such folder");
    }
    List<String> names;
    try (Stream<Path> files = Files.list(folder)) {
      names = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .filter(UtmFolderDatasets::isImageName).sorted().toList();
    } catch (IOException e) {
      throw new VprException(folder + ": cannot list: " + e.getMessage(), e);
    }
    if (names.isEmpty()) {
      throw new VprException(folder + ": holds no .jpg or .png images");
    }
    return names;
  }

  private static boolean isImageName(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png");
  }

  private static String availableSplits(Path root) {
    Path images = root.resolve("images");
    if (!Files.isDirectory(images)) {
      return "; " + root + " has no images/ folder";
    }
    try (Stream<Path> folders = Files.list(images)) {
      List<String> splits = folders.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString()).sorted().toList();
      return splits.isEmpty() ? "; " + images + " holds no split folders" : "; available: " + String.join(", ", splits);
    } catch (IOException e) {
      return "";
    }
  }
}
