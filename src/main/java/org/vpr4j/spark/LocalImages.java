package org.vpr4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.io.AtomicFiles;

/**
 * A partition's images as local files, which the image decoder reads: local paths as they are,
 * images on other file systems ({@code hdfs://}, {@code s3a://}) copied into a temporary folder
 * that closing deletes. An image that cannot be fetched is {@code null}.
 */
final class LocalImages implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(LocalImages.class);

  private final List<java.nio.file.Path> paths;
  private final java.nio.file.Path temp;

  private LocalImages(List<java.nio.file.Path> paths, java.nio.file.Path temp) {
    this.paths = Collections.unmodifiableList(paths);
    this.temp = temp;
  }

  static LocalImages fetch(List<ImageRow> rows, Configuration conf) throws IOException {
    List<java.nio.file.Path> paths = new ArrayList<>(rows.size());
    java.nio.file.Path temp = null;
    for (ImageRow r : rows) {
      Path p = HadoopFiles.path(r.path());
      if (p.toUri().getScheme().equals("file")) {
        paths.add(java.nio.file.Path.of(p.toUri()));
        continue;
      }
      if (temp == null) {
        temp = Files.createTempDirectory("vpr4j-images-");
      }
      java.nio.file.Path local = temp.resolve(r.index() + "-" + p.getName());
      try {
        HadoopFiles.fs(p, conf).copyToLocalFile(false, p, new Path(local.toUri()), true);
        paths.add(local);
      } catch (IOException | UncheckedIOException e) {
        LOG.warn("cannot fetch image {}: {}", r.path(), e.getMessage());
        paths.add(null);
      }
    }
    return new LocalImages(paths, temp);
  }

  List<java.nio.file.Path> paths() {
    return paths;
  }

  @Override
  public void close() {
    if (temp != null) {
      try {
        AtomicFiles.deleteRecursively(temp);
      } catch (IOException e) {
        LOG.warn("cannot delete temporary images in {}: {}", temp, e.getMessage());
      }
    }
  }
}
