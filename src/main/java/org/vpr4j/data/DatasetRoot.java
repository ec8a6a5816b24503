package org.vpr4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.vpr4j.VprException;

/**
 * Keeps the image paths a dataset specification names inside the dataset root: a {@code ..} in a
 * {@code .mat} file name or a symbolic link that leads elsewhere would otherwise make vpr4j read (and
 * show in its reports) any file the process can reach. Checked before any image is opened. A root
 * that is itself a symbolic link is fine: the comparison is between real paths.
 */
public final class DatasetRoot {
  private final Path root;
  private final Path realRoot;

  private DatasetRoot(Path root, Path realRoot) {
    this.root = root;
    this.realRoot = realRoot;
  }

  public static DatasetRoot of(Path root) {
    Path normal = root.toAbsolutePath().normalize();
    try {
      return new DatasetRoot(normal, Files.exists(normal) ? normal.toRealPath() : normal);
    } catch (IOException e) {
      throw new VprException("dataset root " + root + " cannot be resolved: " + e.getMessage(), e);
    }
  }

  /**
   * Refuses the first of the image {@code names} (as a specification lists them) that {@code toPath}
   * takes outside the root; {@code origin} names the specification.
   */
  public void requireInside(List<String> names, Function<String, Path> toPath, String origin) {
    for (String name : names) {
      requireInside(name, toPath.apply(name), origin);
    }
  }

  /**
   * Refuses {@code file} when it lies outside the root after {@code ..} is resolved or, if it exists,
   * after its symbolic links are followed.
   */
  public void requireInside(Path file, String origin) {
    requireInside(file.toString(), file, origin);
  }

  private void requireInside(String name, Path file, String origin) {
    Path normal = file.toAbsolutePath().normalize();
    if (!normal.startsWith(root) || normal.equals(root)) {
      throw new VprException(origin + ": image path " + name + " leads outside the dataset root " + root
          + " (to " + normal + "); refused");
    }
    if (Files.exists(normal, LinkOption.NOFOLLOW_LINKS)) {
      Path real;
      try {
        real = normal.toRealPath();
      } catch (IOException e) {
        throw new VprException(origin + ": image path " + file + " cannot be resolved (" + e.getMessage()
            + "; a broken symbolic link?); refused", e);
      }
      if (!real.startsWith(realRoot)) {
        throw new VprException(origin + ": image path " + file + " is a symbolic link (or lies below one) to "
            + real + ", outside the dataset root " + realRoot + "; refused");
      }
    }
  }
}
