package org.vpr4j.model.ort;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Random;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.model.Describer;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig;

/**
 * Opens the engine that describes images at inference for a loaded {@link InferenceModel}: the
 * model itself ({@link Engine#TF}), ONNX Runtime on a graph written from its weights
 * ({@link Engine#ORT}), or whichever of the two is faster here ({@link Engine#AUTO}): timed once
 * on a small batch at the model's input size, logged with both figures and cached in an
 * {@link EngineCache}. Both give the same descriptors within 1e-5 (docs/benchmarks.md, "Engines").
 */
public final class InferenceEngines {
  private static final Logger LOG = LogManager.getLogger(InferenceEngines.class);
  /** The measurement uses the command's batch size, at most this many images. */
  static final int MAX_MEASURED_BATCH = 4;
  private static final int TIMED_RUNS = 2;

  private InferenceEngines() {}

  /** The describer of the engine in use; closing it closes what it opened, never the TensorFlow model. */
  public static final class Opened implements Describer, AutoCloseable {
    private final Engine engine;
    private final Describer describer;
    private final OrtDescriber ort;

    private Opened(InferenceModel tf, OrtDescriber ort) {
      this.engine = ort == null ? Engine.TF : Engine.ORT;
      this.describer = ort == null ? tf : ort;
      this.ort = ort;
    }

    /** {@link Engine#TF} or {@link Engine#ORT}: the engine actually used. */
    public Engine engine() {
      return engine;
    }

    @Override
    public ModelConfig config() {
      return describer.config();
    }

    @Override
    public float[] describe(byte[] pixels, int n) {
      return describer.describe(pixels, n);
    }

    @Override
    public void close() {
      if (ort != null) {
        ort.close();
      }
    }
  }

  /** {@link #open(InferenceModel, Engine, int, EngineCache)} with the user's cache. */
  public static Opened open(InferenceModel model, Engine engine, int batchSize) {
    return open(model, engine, batchSize, EngineCache.userDefault());
  }

  /**
   * @param model the loaded model (its weights are what the ONNX graph is written from)
   * @param batchSize the command's images per forward pass; auto measures at min(it, 4)
   * @throws VprException for {@link Engine#ORT} with a bf16 model or a model ONNX Runtime cannot run
   */
  public static Opened open(InferenceModel model, Engine engine, int batchSize, EngineCache cache) {
    boolean fp32 = model.precision() == SessionConfig.Precision.FP32;
    switch (engine) {
      case TF -> {
        return new Opened(model, null);
      }
      case ORT -> {
        if (!fp32) {
          throw new VprException("--engine ort computes in fp32 only; --precision " + model.precision().label()
              + " runs on --engine tf (or auto)");
        }
        return new Opened(model, new OrtDescriber(model.config(), model.weights()));
      }
      default -> {
        return fp32 ? auto(model, Math.max(1, Math.min(batchSize, MAX_MEASURED_BATCH)), cache) : new Opened(model, null);
      }
    }
  }

  private static Opened auto(InferenceModel model, int batch, EngineCache cache) {
    String key = EngineCache.key(model.config(), batch);
    Optional<EngineCache.Measurement> known = cache.get(key);
    if (known.isPresent()) {
      EngineCache.Measurement m = known.get();
      LOG.info("engine auto: {} (measured {}: tf {} s, ort {} s per image at batch {}; {} key {})",
          m.faster().label(), m.measuredAt(), seconds(m.tfSeconds()), seconds(m.ortSeconds()), m.batch(),
          cache.file(), key);
      return m.faster() == Engine.ORT ? new Opened(model, new OrtDescriber(model.config(), model.weights()))
          : new Opened(model, null);
    }
    OrtDescriber ort;
    try {
      ort = new OrtDescriber(model.config(), model.weights());
    } catch (VprException e) {
      LOG.info("engine auto: tf, as the ONNX Runtime engine cannot run this model: {}", e.getMessage());
      return new Opened(model, null);
    }
    try {
      byte[] pixels = new byte[Math.multiplyExact(batch, model.config().inputHeight() * model.config().inputWidth() * 3)];
      new Random(batch).nextBytes(pixels);
      LOG.info("engine auto: timing tf against ort on {} random image(s) of {}x{} (once for this machine and model)",
          batch, model.config().inputWidth(), model.config().inputHeight());
      double tf = secondsPerImage(model, pixels, batch);
      double ortSeconds = secondsPerImage(ort, pixels, batch);
      EngineCache.Measurement m = new EngineCache.Measurement(tf, ortSeconds, batch,
          Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      LOG.info("engine auto: {} (tf {} s, ort {} s per image at batch {}; recorded in {})", m.faster().label(),
          seconds(tf), seconds(ortSeconds), batch, cache.file());
      cache.put(key, m, key + " = " + model.config() + " on " + org.vpr4j.model.CpuFeatures.current().model());
      if (m.faster() == Engine.ORT) {
        return new Opened(model, ort);
      }
    } catch (RuntimeException e) {
      ort.close();
      throw e;
    }
    ort.close();
    return new Opened(model, null);
  }

  /** The fastest of {@value #TIMED_RUNS} runs after one untimed run (which creates the kernels). */
  private static double secondsPerImage(Describer d, byte[] pixels, int batch) {
    d.describe(pixels, batch);
    long best = Long.MAX_VALUE;
    for (int i = 0; i < TIMED_RUNS; i++) {
      long start = System.nanoTime();
      d.describe(pixels, batch);
      best = Math.min(best, System.nanoTime() - start);
    }
    return best / 1e9 / batch;
  }

  private static String seconds(double s) {
    return String.format(java.util.Locale.ROOT, "%.4f", s);
  }
}
