package org.vpr4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.vpr4j.VprException;

/**
 * Opens datasets described by NetVLAD .mat files ({@code ROOT/datasets/<split>.mat}) in the on-disk
 * layouts the reference code expects (SPEC §9.2):
 * <ul>
 *   <li>Pittsburgh and anything else (e.g. the synthetic city): database images at
 *       {@code ROOT/<dbImageFns>}, queries at {@code ROOT/queries_real/<qImageFns>};</li>
 *   <li>{@code tokyo247}: database at {@code ROOT/db/<name>} with {@code .jpg} replaced by {@code .png}
 *       (the downloaded database is PNG although the .mat says .jpg), queries at {@code ROOT/query/};</li>
 *   <li>{@code tokyoTM_*}: database and queries both under {@code ROOT/tokyoTimeMachine/images/}.</li>
 * </ul>
 * Every image must exist; otherwise one {@link VprException} says how many are missing and which.
 */
public final class NetVladDatasets {
  private static final int MISSING_EXAMPLES = 5;

  private NetVladDatasets() {}

  /**
   * Opens a split. The layout follows the .mat file's name, also when {@code split} is a path.
   *
   * @param root the dataset root (the folder holding {@code datasets/}); ignored when {@code split} is a path
   * @param split the .mat name without extension ({@code pitts30k_test}, {@code tokyo247},
   *     {@code tokyoTM_val}, {@code synthcity_train}, ...) or the path of a .mat file, whose root is
   *     then the folder above its {@code datasets/} folder
   */
  public static PlaceDataset open(Path root, String split) {
    boolean direct = split.toLowerCase(Locale.ROOT).endsWith(".mat");
    Path matFile = direct ? Path.of(split).toAbsolutePath().normalize() : splitFile(root, split);
    if (direct && !Files.isRegularFile(matFile)) {
      throw new VprException(matFile + ": no such .mat file");
    }
    Path base = direct ? rootAbove(matFile) : root.toAbsolutePath().normalize();
    String name = stripExtension(matFile.getFileName().toString());
    DbStruct spec = DbStructReader.read(matFile);
    Layout layout = Layout.of(name);
    DatasetRoot inside = DatasetRoot.of(base);
    inside.requireInside(spec.dbImageFns(), layout.databasePaths(base), matFile.toString());
    inside.requireInside(spec.qImageFns(), layout.queryPaths(base), matFile.toString());
    PlaceDataset dataset = PlaceDataset.fromDbStruct(name, tagFor(name), spec,
        layout.databasePaths(base), layout.queryPaths(base));
    requireImagesExist(dataset, matFile);
    return dataset;
  }

  /**
   * The tag that names a dataset's centroid file: {@code pitts250k} when the name contains
   * {@code 250k}, {@code tokyo247}, {@code tokyoTM}, else the part of the name before its first
   * {@code _} ({@code pitts30k_test} gives {@code pitts30k}, {@code synthcity_train} gives {@code synthcity}).
   */
  public static String tagFor(String name) {
    if (name.contains("250k")) {
      return "pitts250k";
    }
    return switch (Layout.of(name)) {
      case TOKYO_247 -> "tokyo247";
      case TOKYO_TM -> "tokyoTM";
      case PITTSBURGH -> name.indexOf('_') > 0 ? name.substring(0, name.indexOf('_')) : name;
    };
  }

  /** Where the images of a .mat file live, relative to the dataset root. */
  private enum Layout {
    PITTSBURGH,
    TOKYO_247,
    TOKYO_TM;

    static Layout of(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("tokyo247")) {
        return TOKYO_247;
      }
      return lower.startsWith("tokyotm") ? TOKYO_TM : PITTSBURGH;
    }

    Function<String, Path> databasePaths(Path root) {
      return switch (this) {
        case TOKYO_247 -> n -> root.resolve("db").resolve(asPng(n));
        case TOKYO_TM -> root.resolve("tokyoTimeMachine").resolve("images")::resolve;
        case PITTSBURGH -> root::resolve;
      };
    }

    Function<String, Path> queryPaths(Path root) {
      return switch (this) {
        case TOKYO_247 -> root.resolve("query")::resolve;
        case TOKYO_TM -> root.resolve("tokyoTimeMachine").resolve("images")::resolve;
        case PITTSBURGH -> root.resolve("queries_real")::resolve;
      };
    }
  }

  /** The downloaded Tokyo 24/7 database is PNG although its .mat file names .jpg images. */
  private static String asPng(String jpgName) {
    return jpgName.endsWith(".jpg") ? jpgName.substring(0, jpgName.length() - ".jpg".length()) + ".png" : jpgName;
  }

  private static Path splitFile(Path root, String split) {
    if (root == null || !Files.isDirectory(root)) {
      throw new VprException("dataset root " + root + " does not exist or is not a folder");
    }
    Path matFile = root.resolve("datasets").resolve(split + ".mat");
    if (!Files.isRegularFile(matFile)) {
      throw new VprException(matFile + ": no such .mat file for split '" + split + "'" + availableSplits(root));
    }
    return matFile;
  }

  private static Path rootAbove(Path matFile) {
    Path folder = matFile.getParent();
    Path root = folder.getParent();
    if (root == null) {
      throw new VprException(matFile + ": cannot find the dataset root, expected the file in ROOT/datasets/");
    }
    return root;
  }

  private static String availableSplits(Path root) {
    Path datasets = root.resolve("datasets");
    if (!Files.isDirectory(datasets)) {
      return "; " + root + " has no datasets/ folder";
    }
    try (Stream<Path> files = Files.list(datasets)) {
      List<String> splits = files.map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".mat")).map(NetVladDatasets::stripExtension).sorted().toList();
      return splits.isEmpty() ? "; " + datasets + " holds no .mat files" : "; available: " + String.join(", ", splits);
    } catch (IOException e) {
      return "";
    }
  }

  private static void requireImagesExist(PlaceDataset dataset, Path matFile) {
    List<Path> examples = new ArrayList<>();
    int missingDb = countMissing(dataset.databaseImages(), examples);
    int missingQ = countMissing(dataset.queryImages(), examples);
    if (missingDb + missingQ > 0) {
      throw new VprException(matFile + ": " + (missingDb + missingQ) + " of the " + dataset.allImages().size()
          + " images it lists are missing (" + missingDb + " of " + dataset.numDb() + " database images, "
          + missingQ + " of " + dataset.numQ() + " queries), e.g. "
          + String.join(", ", examples.stream().map(Path::toString).toList()));
    }
  }

  private static int countMissing(List<Path> images, List<Path> examples) {
    int missing = 0;
    for (Path image : images) {
      if (!Files.isRegularFile(image)) {
        missing++;
        if (examples.size() < MISSING_EXAMPLES) {
          examples.add(image);
        }
      }
    }
    return missing;
  }

  private static String stripExtension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }
}
