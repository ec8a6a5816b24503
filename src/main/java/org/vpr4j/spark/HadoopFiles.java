package org.vpr4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files of the jobs' outputs on any Hadoop file system (local paths, {@code hdfs://}, {@code
 * s3a://}): small text files written to a hidden temporary sibling and renamed into place, so a
 * reader never sees half a file.
 */
final class HadoopFiles {
  private HadoopFiles() {}

  /** A local path (made absolute) or a URI as a Hadoop path, without the trailing slash a folder's URI gets. */
  static Path path(String location) {
    URI uri = URI.create(location.replace(" ", "%20"));
    if (uri.getScheme() != null) {
      return new Path(location);
    }
    try {
      return new Path(new URI("file", null, java.nio.file.Path.of(location).toAbsolutePath().normalize().toString(),
          null));
    } catch (java.net.URISyntaxException e) {
      throw new org.vpr4j.VprException("not a usable path: " + location, e);
    }
  }

  static FileSystem fs(Path p, Configuration conf) {
    try {
      return p.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("no file system for " + p + ": " + e.getMessage(), e);
    }
  }

  static boolean exists(Path p, Configuration conf) {
    try {
      return fs(p, conf).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look at " + p + ": " + e.getMessage(), e);
    }
  }

  static String readString(Path p, Configuration conf) {
    try (InputStream in = fs(p, conf).open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code text} to {@code target} through a temporary sibling and a rename. */
  static void writeString(Path target, String text, Configuration conf) {
    FileSystem fs = fs(target, conf);
    Path tmp = hiddenSibling(target);
    try {
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      commit(fs, tmp, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** A unique hidden name beside {@code target} (Spark's readers skip names starting with '.'). */
  static Path hiddenSibling(Path target) {
    return new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
  }

  /**
   * Renames {@code tmp} onto {@code target}, replacing it. Two attempts of one task write the same
   * bytes, so whichever rename lands last leaves the same file.
   */
  static void commit(FileSystem fs, Path tmp, Path target) throws IOException {
    if (fs.exists(target)) {
      fs.delete(target, false);
    }
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false);
      if (!fs.exists(target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
    }
  }

  /**
   * Deletes the temporary siblings ({@link #hiddenSibling}), files or folders, left in {@code folder}
   * by task attempts that died before their rename, such as those of a killed executor; their
   * checksum files go too.
   * Called by the driver once every task has finished, so no live attempt still needs one.
   *
   * @return how many files were deleted
   */
  static int removeLeftovers(Path folder, Configuration conf) {
    FileSystem fs = fs(folder, conf);
    int removed = 0;
    try {
      for (FileStatus f : fs.listStatus(folder)) {
        String name = f.getPath().getName();
        if (name.startsWith(".") && (name.endsWith(".tmp") || name.endsWith(".tmp.crc"))
            && fs.delete(f.getPath(), true)) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + folder + ": " + e.getMessage(), e);
    }
    return removed;
  }

  static void deleteRecursively(Path p, Configuration conf) {
    try {
      fs(p, conf).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
    }
  }
}
