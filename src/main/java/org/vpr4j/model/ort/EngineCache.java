package org.vpr4j.model.ort;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.io.CacheFile;
import org.vpr4j.io.CacheFolder;
import org.vpr4j.model.CpuFeatures;

/**
 * The engine {@code --engine auto} measured, per machine and model, in {@code engines.properties}
 * (a {@link CacheFile} in the {@link CacheFolder}). The key covers what decides the speed: the CPU
 * model, the number of cores, the ONNX Runtime version, the network configuration (not its
 * weights: the arithmetic does not depend on their values) and the batch size measured.
 */
public final class EngineCache {
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
      String[] f = value.trim().split(" ");
      try {
        return f.length == 5 ? Optional.of(new Measurement(Double.parseDouble(f[1]), Double.parseDouble(f[2]),
            Integer.parseInt(f[3]), f[4])) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  private final CacheFile file;

  public EngineCache(Path folder) {
    this.file = new CacheFile(folder.resolve(FILE),
        "vpr4j --engine auto: engine, tf and ort seconds per image, batch, when");
  }

  /** The cache in the user's cache folder ({@link CacheFolder}). */
  public static EngineCache userDefault() {
    return new EngineCache(CacheFolder.userDefault());
  }

  public Path file() {
    return file.path();
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
    return file.get(key).flatMap(Measurement::decode);
  }

  /** Records {@code m} under {@code key}, keeping the other entries. */
  public void put(String key, Measurement m, String comment) {
    file.put(key, m.encode(), comment);
  }
}
