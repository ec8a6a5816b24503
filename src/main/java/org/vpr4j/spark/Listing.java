package org.vpr4j.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.vpr4j.VprException;
import org.vpr4j.query.ImageSet;
import org.vpr4j.query.UtmNames;

/**
 * The images of an extract job, in a fixed order: a dataset split's database or queries, a
 * folder (sorted by path, as {@code query index} lists one), or a list of paths in a text file
 * (one a line, in file order) or a Parquet file (column {@code path}, optional {@code easting},
 * {@code northing}; ordered by an {@code index} column when there is one, else by path).
 */
public final class Listing {
  private Listing() {}

  public static List<ImageRow> of(ImageSet set) {
    List<ImageRow> rows = new ArrayList<>(set.size());
    for (int i = 0; i < set.size(); i++) {
      rows.add(new ImageRow(i, set.images().get(i).toString(), set.utm()[i][0], set.utm()[i][1]));
    }
    return rows;
  }

  /** Every .jpg/.jpeg/.png under {@code folder}, a local path or a Hadoop file system URI. */
  public static List<ImageRow> folder(String folder, Configuration conf) {
    Path root = HadoopFiles.path(folder);
    if (root.toUri().getScheme().equals("file")) {
      return of(ImageSet.folder(java.nio.file.Path.of(root.toUri())));
    }
    FileSystem fs = HadoopFiles.fs(root, conf);
    List<String> files = new ArrayList<>();
    try {
      if (!fs.getFileStatus(root).isDirectory()) {
        throw new VprException("image folder " + folder + " is not a folder");
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        String p = it.next().getPath().toString();
        if (isImageName(p)) {
          files.add(p);
        }
      }
    } catch (java.io.FileNotFoundException e) {
      throw new VprException("image folder " + folder + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list image folder " + folder + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new VprException("image folder " + folder + " holds no .jpg, .jpeg or .png images");
    }
    files.sort(null);
    return fromPaths(files);
  }

  /** The paths listed in a text file (one a line) or a Parquet file (column {@code path}). */
  public static List<ImageRow> list(String file, SparkSession spark, Configuration conf) {
    Path p = HadoopFiles.path(file);
    if (!HadoopFiles.exists(p, conf)) {
      throw new VprException("image list " + file + " does not exist");
    }
    List<ImageRow> rows = file.toLowerCase(Locale.ROOT).endsWith(".parquet") ? parquet(file, spark) : text(p, conf);
    if (rows.isEmpty()) {
      throw new VprException("image list " + file + " names no images");
    }
    return rows;
  }

  private static List<ImageRow> text(Path p, Configuration conf) {
    List<String> paths = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(HadoopFiles.fs(p, conf).open(p),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          paths.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image list " + p + ": " + e.getMessage(), e);
    }
    return fromPaths(paths);
  }

  private static List<ImageRow> parquet(String file, SparkSession spark) {
    Dataset<Row> df = spark.read().parquet(file);
    List<String> cols = Arrays.asList(df.columns());
    if (!cols.contains("path")) {
      throw new VprException("image list " + file + " has no column 'path' (columns: " + cols + ")");
    }
    boolean utm = cols.contains("easting") && cols.contains("northing");
    df = df.orderBy(cols.contains("index") ? "index" : "path");
    List<Row> collected = df.select(utm ? new org.apache.spark.sql.Column[] {df.col("path"), df.col("easting"),
        df.col("northing")} : new org.apache.spark.sql.Column[] {df.col("path")}).collectAsList();
    List<ImageRow> rows = new ArrayList<>(collected.size());
    for (Row r : collected) {
      double e = utm && !r.isNullAt(1) ? ((Number) r.get(1)).doubleValue() : Double.NaN;
      double n = utm && !r.isNullAt(2) ? ((Number) r.get(2)).doubleValue() : Double.NaN;
      rows.add(new ImageRow(rows.size(), r.getString(0), e, n));
    }
    return rows;
  }

  private static List<ImageRow> fromPaths(List<String> paths) {
    List<ImageRow> rows = new ArrayList<>(paths.size());
    for (String p : paths) {
      String name = p.substring(p.lastIndexOf('/') + 1);
      double[] utm = UtmNames.parse(name).orElse(new double[] {Double.NaN, Double.NaN});
      rows.add(new ImageRow(rows.size(), p, utm[0], utm[1]));
    }
    return rows;
  }

  /** A SHA-256 over the listing, so that a resumed extract knows it describes the same images. */
  static String fingerprint(List<ImageRow> rows) {
    StringBuilder all = new StringBuilder();
    for (ImageRow r : rows) {
      all.append(r.index()).append('\t').append(r.path()).append('\t').append(r.easting()).append('\t')
          .append(r.northing()).append('\n');
    }
    return Sha256.of(all.toString());
  }

  private static boolean isImageName(String p) {
    String n = p.toLowerCase(Locale.ROOT);
    return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
  }
}
