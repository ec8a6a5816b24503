package org.vpr4j.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.vpr4j.bench.Bf16SelfCheck;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.interop.SavedModelDescriber;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.RunFolder;
import org.vpr4j.io.WeightsFile;
import org.vpr4j.model.CpuFeatures;
import org.vpr4j.model.Describer;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig.Precision;
import org.vpr4j.model.ort.Engine;
import org.vpr4j.model.ort.InferenceEngines;
import org.vpr4j.util.NativeMemory;

/**
 * A model shipped with the job: either a run folder's graph configuration and the one checkpoint
 * the job uses, or a SavedModel from {@code vpr4j export} packed as a zip archive. The driver adds
 * them to the job's files (under names unique to the model, since Spark keeps one file per name),
 * Spark copies them to every executor (and unpacks the archive), and each executor JVM loads the
 * model once and keeps it for all the tasks it runs. Tasks on one executor take turns at the
 * model, whose TensorFlow session already uses every core of the executor.
 *
 * <p>Engine: a run folder's model is opened with {@link InferenceEngines}, as the CLI's
 * {@code --engine} opens it; {@code auto} is resolved on each executor's machine (its own cached
 * measurement, docs/benchmarks.md "Engines"). A SavedModel always runs on TensorFlow.
 *
 * <p>bf16: each executor first checks its CPU (AVX-512) and then, on the first images it is given,
 * compares the bf16 model with fp32 as {@code vpr4j test} does ({@link Bf16SelfCheck}); below the
 * floor its tasks fail with the check's message.
 *
 * @param name the model's unique prefix among the job's files
 * @param checkpoint the checkpoint's name in its run folder, or null for a SavedModel
 * @param precision fp32 or bf16 (run folders only)
 * @param engine the engine asked for: tf, ort or auto (run folders only; a SavedModel's is tf)
 * @param bf16Floor the self-check's cosine floor
 * @param forceBf16 whether bf16 below the floor is only warned about
 */
record ShippedModel(String name, String checkpoint, Precision precision, Engine engine, double bf16Floor,
    boolean forceBf16) implements Serializable {
  private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

  /**
   * The model on one executor: its describer, the engine that describer runs on (tf or ort, auto
   * resolved), the TensorFlow model the bf16 self-check compares (null for a SavedModel), and the
   * outcome of that check once made.
   */
  static final class Loaded {
    private final Describer model;
    private final Engine engine;
    private final InferenceModel tf;
    private volatile String selfCheck;

    Loaded(Describer model, Engine engine, InferenceModel tf) {
      this.model = new Shared(model);
      this.engine = engine;
      this.tf = tf;
    }
  }

  /**
   * Adds {@code checkpoint} of {@code run} and its configuration to the files of {@code sc}'s jobs,
   * named after the configuration and the checkpoint's SHA-256, so that a second job with the same
   * model reuses them (Spark refuses one name for two different files).
   */
  static ShippedModel shipRun(JavaSparkContext sc, RunFolder run, String checkpoint, String checkpointSha256,
      Precision precision, Bf16SelfCheck.Policy bf16, Engine engine) {
    try {
      String graphJson = Files.readString(run.root().resolve(RunFolder.GRAPH));
      String name = "vpr4j-model-" + Sha256.of(graphJson + "\n" + checkpointSha256).substring(0, 16);
      Path folder = staging();
      Path graph = folder.resolve(graphFile(name));
      Path weights = folder.resolve(checkpointFile(name));
      if (!Files.isRegularFile(graph) || !Files.isRegularFile(weights)) {
        AtomicFiles.writeString(graph, graphJson);
        AtomicFiles.write(weights, tmp -> Files.copy(run.checkpoint(checkpoint), tmp,
            StandardCopyOption.REPLACE_EXISTING));
      }
      sc.addFile(graph.toString());
      sc.addFile(weights.toString());
      return new ShippedModel(name, checkpoint, precision, engine, bf16.floor(), bf16.force());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the model of " + run.root() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Adds the SavedModel in {@code folder} to the archives of {@code sc}'s jobs, as a zip named
   * after its fingerprint; Spark unpacks it on every executor (a plain folder could be added as a
   * file only in local mode).
   */
  static ShippedModel shipSavedModel(JavaSparkContext sc, Path folder, String fingerprint) {
    String name = "vpr4j-savedmodel-" + Sha256.of(folder.toAbsolutePath().normalize() + "\n" + fingerprint)
        .substring(0, 16);
    Path zip = staging().resolve(archiveFile(name));
    if (!Files.isRegularFile(zip)) {
      AtomicFiles.write(zip, tmp -> zipFolder(folder, tmp));
    }
    sc.sc().addArchive(zip.toString());
    return new ShippedModel(name, null, Precision.FP32, Engine.TF, Bf16SelfCheck.DEFAULT_FLOOR, false);
  }

  private static Path staging() {
    try {
      return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
          "vpr4j-spark-" + System.getProperty("user.name")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder the job's model is staged in: " + e.getMessage(), e);
    }
  }

  private static void zipFolder(Path folder, Path zip) throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.walk(folder)) {
      files = all.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream raw = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(raw)) {
      for (Path f : files) {
        out.putNextEntry(new ZipEntry(folder.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }

  private static String graphFile(String name) {
    return name + "-graph.json";
  }

  private static String checkpointFile(String name) {
    return name + "-checkpoint.h5";
  }

  private static String archiveFile(String name) {
    return name + ".zip";
  }

  private boolean isSavedModel() {
    return checkpoint == null;
  }

  /**
   * The model on this executor, loaded on first use; in bf16, checked against fp32 on the first
   * images it is given before it describes anything.
   *
   * @param batchSize the job's images per forward pass, at which auto measures the engines
   * @return the model, and (through {@link #selfCheck} and {@link #engineUsed}) what its bf16
   *     check measured and which engine describes
   */
  Describer describer(int batchSize) {
    Loaded loaded = LOADED.computeIfAbsent(key(), k -> load(batchSize));
    if (precision != Precision.BF16) {
      return loaded.model;
    }
    return new Describer() {
      @Override
      public ModelConfig config() {
        return loaded.model.config();
      }

      @Override
      public float[] describe(byte[] pixels, int n) {
        synchronized (loaded) {
          if (loaded.selfCheck == null) {
            int m = Math.min(Bf16SelfCheck.IMAGES, n);
            byte[] sample = Arrays.copyOf(pixels, pixels.length / n * m);
            loaded.selfCheck = Bf16SelfCheck.verify(loaded.tf, sample, m,
                new Bf16SelfCheck.Policy(bf16Floor, forceBf16), "spark extract").summary();
          }
        }
        return loaded.model.describe(pixels, n);
      }
    };
  }

  /** What this executor's bf16 self-check measured, or null (fp32, or not made yet). */
  String selfCheck() {
    Loaded loaded = LOADED.get(key());
    return loaded == null ? null : loaded.selfCheck;
  }

  /** The engine describing on this executor (auto resolved), or null before its first task. */
  Engine engineUsed() {
    Loaded loaded = LOADED.get(key());
    return loaded == null ? null : loaded.engine;
  }

  /**
   * The model in the precision and on the engine asked for: one executor may serve jobs in fp32
   * and bf16, on tf, ort or auto.
   */
  private String key() {
    return name + "/" + precision.label() + "/" + engine.label();
  }

  private Loaded load(int batchSize) {
    NativeMemory.unlimit(); // before TensorFlow's first tensor on this executor, as the CLI does
    if (isSavedModel()) {
      return new Loaded(SavedModelDescriber.load(Path.of(SparkFiles.get(archiveFile(name)))), Engine.TF, null);
    }
    if (precision == Precision.BF16) {
      Bf16SelfCheck.requireSupport(CpuFeatures.current(), "spark extract (executor)");
    }
    GraphConfig graph = GraphConfig.read(Path.of(SparkFiles.get(graphFile(name))));
    Path weights = Path.of(SparkFiles.get(checkpointFile(name)));
    // The checkpoint's model as the single-process commands build it (query index, test).
    InferenceModel model = InferenceModel.ofCheckpoint(graph.model(), WeightsFile.read(weights).tensors(),
        "checkpoint " + checkpoint + " (" + weights + ")", precision);
    try {
      // Both kept for the executor's lifetime: the JVM ends with the executor.
      InferenceEngines.Opened opened = InferenceEngines.open(model, engine, batchSize);
      return new Loaded(opened, opened.engine(), model);
    } catch (RuntimeException e) {
      model.close(); // the task fails; its native memory should not stay behind on the executor
      throw e;
    }
  }

  /** A model shared by the executor's tasks, which take turns at it. */
  private static final class Shared implements Describer {
    private final Describer model;

    Shared(Describer model) {
      this.model = model;
    }

    @Override
    public ModelConfig config() {
      return model.config();
    }

    @Override
    public float[] describe(byte[] pixels, int n) {
      synchronized (model) {
        return model.describe(pixels, n);
      }
    }
  }
}
