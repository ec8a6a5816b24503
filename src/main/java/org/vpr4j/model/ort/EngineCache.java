package org.vpr4j.model.ort;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.model.CpuFeatures;

/**
 * The engine {@code --engine auto} measured, per machine and model, in a small properties file
 * ({@code engines.properties} under {@code $VPR4J_CACHE_DIR}, else {@code $XDG_CACHE_HOME/vpr4j},
 * else {@code ~/.cache/vpr4j}). The key covers what decides the speed: the CPU model, the number
 * of cores, the ONNX Runtime version, the network configuration (not its weights: the arithmetic
 * does not depend on their values) and the batch size measured. A file that cannot be read or
 * written costs a new measurement, never a failure.
 */
public final class EngineCache {
  private static final Logger LOG = LogManager.getLogger(EngineCache.class);
  private static final String FILE = "engines.properties";

  /** One comparison: seconds per image of each engine at {@code batch}, and when it was measured. */
  public record Measurement(double tfSeconds, double ortSeconds, int batch, String measuredAt) {
    public Engine faster() {
      return ortSeconds < tfSeconds ? Engine.ORT : Engine.TF;
    }

    String encode() {
      return String.format(Locale.ROOT, "%s %.6f %.6f %d %s", faster().label(), tfSeconds, ortSeconds, batch,
          measuredAt);
    }

    static Optional<Measurement> decode(String value) {
      String[] f = value == null ? new String[0] : value.trim().split(" ");
      try {
        return f.length == 5 ? Optional.of(new Measurement(Double.parseDouble(f[1]), Double.parseDouble(f[2]),
            Integer.parseInt(f[3]), f[4])) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  private final Path file;

  public EngineCache(Path folder) {
    this.file = folder.resolve(FILE);
  }

  /** The cache in the user's cache folder (see the class comment). */
  public static EngineCache userDefault() {
    String own = System.getenv("VPR4J_CACHE_DIR");
    if (own != null && !own.isBlank()) {
      return new EngineCache(Path.of(own));
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return new EngineCache(base.resolve("vpr4j"));
  }

  public Path file() {
    return file;
  }

  /** The key of {@code config} measured at {@code batch} on this machine. */
  public static String key(ModelConfig config, int batch) {
    String text = CpuFeatures.current().model() + "|" + Runtime.getRuntime().availableProcessors() + "|"
        + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion() + "|" + config + "|" + batch;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  public Optional<Measurement> get(String key) {
    return Measurement.decode(read().getProperty(key));
  }

  /** Records {@code m} under {@code key}, keeping the other entries. */
  public void put(String key, Measurement m, String comment) {
    Properties p = read();
    p.setProperty(key, m.encode());
    try {
      Files.createDirectories(file.getParent());
      StringWriter text = new StringWriter();
      p.store(text, "vpr4j --engine auto: engine, tf and ort seconds per image, batch, when; " + comment);
      AtomicFiles.writeString(file, text.toString());
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot record the engine measurement in {}: {}", file, e.getMessage());
    }
  }

  private Properties read() {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try {
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("ignoring the unreadable engine cache {}: {}", file, e.getMessage());
      }
    }
    return p;
  }
}
