package org.vpr4j.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the graph files shipped in the project's {@code graphs/} folder from any working folder:
 * a relative path that does not exist where vpr4j runs is looked up under the installation
 * folder, which the {@code scripts/vpr4j} launcher passes as the system property {@code vpr4j.home}.
 */
public final class ShippedGraphs {
  /** System property naming the vpr4j installation (the project root). */
  public static final String HOME_PROPERTY = "vpr4j.home";
  /** The folder of the shipped graph files, relative to the installation. */
  public static final Path FOLDER = Path.of("graphs");

  private ShippedGraphs() {}

  /** The shipped graph file {@code graphs/<name>.json}, found as {@link #locate} does. */
  public static Path named(String name) {
    return locate(FOLDER.resolve(name + ".json"));
  }

  /**
   * {@code file} itself when it exists or is absolute; else the same relative path under the
   * installation folder when that exists there; else {@code file} unchanged (so the caller's
   * error names the path the user gave).
   */
  public static Path locate(Path file) {
    if (file.isAbsolute() || Files.exists(file)) {
      return file;
    }
    String home = System.getProperty(HOME_PROPERTY);
    if (home == null || home.isBlank()) {
      return file;
    }
    Path installed = Path.of(home).resolve(file);
    return Files.exists(installed) ? installed : file;
  }
}
