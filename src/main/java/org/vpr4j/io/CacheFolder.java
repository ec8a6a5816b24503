package org.vpr4j.io;

import java.nio.file.Path;

/**
 * Where vpr4j keeps what it measured about this machine (the engine and convolution choices):
 * {@code $VPR4J_CACHE_DIR}, else {@code $XDG_CACHE_HOME/vpr4j}, else {@code ~/.cache/vpr4j}.
 */
public final class CacheFolder {
  private CacheFolder() {}

  public static Path userDefault() {
    String own = System.getenv("VPR4J_CACHE_DIR");
    if (own != null && !own.isBlank()) {
      return Path.of(own);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("vpr4j");
  }
}
