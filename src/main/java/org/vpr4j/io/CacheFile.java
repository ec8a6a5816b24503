package org.vpr4j.io;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A properties file of measurements about this machine in the {@link CacheFolder}. It is only a
 * cache: a file that cannot be read or written costs a new measurement, never a failure. Writes
 * replace the whole file atomically, keeping the other entries.
 */
public final class CacheFile {
  private static final Logger LOG = LogManager.getLogger(CacheFile.class);
  private final Path file;
  private final String comment;

  /** {@code comment} heads the file: what each value holds. */
  public CacheFile(Path file, String comment) {
    this.file = file;
    this.comment = comment;
  }

  public Path path() {
    return file;
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(read().getProperty(key));
  }

  /** Records {@code value} under {@code key}; {@code note} is added to the file's heading. */
  public void put(String key, String value, String note) {
    Properties p = read();
    p.setProperty(key, value);
    try {
      Files.createDirectories(file.getParent());
      StringWriter text = new StringWriter();
      p.store(text, note == null ? comment : comment + "; " + note);
      AtomicFiles.writeString(file, text.toString());
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot record the measurement in {}: {}", file, e.getMessage());
    }
  }

  private Properties read() {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try {
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("ignoring the unreadable cache file {}: {}", file, e.getMessage());
      }
    }
    return p;
  }
}
