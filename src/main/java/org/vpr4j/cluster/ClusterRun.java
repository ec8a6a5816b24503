package org.vpr4j.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.config.Pooling;
import org.vpr4j.config.Attention;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.guidance.Distractors;
import org.vpr4j.guidance.Guidance;
import org.vpr4j.guidance.LocationFilter;
import org.vpr4j.guidance.StaticSceneLocations;
import org.vpr4j.guidance.TrainIdSource;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.CheckpointChoice;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.RunFolder;
import org.vpr4j.io.RunLock;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.NetVladInit;

/**
 * The job behind {@code vpr4j cluster}: creates a run folder whose NetVLAD layer is initialised
 * from k-means centroids of local descriptors (docs/clustering.md), or from an existing centroid
 * file. For a de-attention model (or when asked) the samples leave out distractor locations, as
 * the reference's de-attention centroids do.
 *
 * <p>The run folder is built in a hidden sibling and renamed into place only when complete: a
 * failure (bad centroids, a bad image, a full disk) leaves no half-made run folder behind, and
 * {@code force} replaces the old folder whole (its old checkpoints too) once the new one is ready.
 */
public final class ClusterRun {
  private static final Logger LOG = LogManager.getLogger(ClusterRun.class);

  /** Whether k-means samples leave out distractor locations. */
  public enum DistractorSampling {
    /** Only for a model with de-attention (the reference's choice). */
    BY_MODEL,
    /** For any model. */
    ALWAYS,
    /** Never: every location may be sampled (the reference centroids). */
    NEVER
  }

  /** How many descriptors to sample and how long to iterate. */
  public record Sampling(int images, int perImage, int iterations, int batchSize) {}

  /**
   * What to create.
   *
   * @param force replace an existing run folder at {@code out}
   * @param encoderRun take the encoder's weights from this run folder, or null for random weights
   * @param encoderCheckpoint the checkpoint of {@code encoderRun} ({@code best} falls back)
   * @param centroidFile NetVLAD's centroids from this HDF5 file instead of k-means, or null
   * @param dataset the split to sample, opened only when k-means runs
   * @param distractors the categories left out by de-attention sampling
   * @param guidance where the train ids of de-attention sampling come from, asked for only then
   */
  public record Request(GraphConfig graph, Path out, boolean force, long seed, Path encoderRun,
      String encoderCheckpoint, Path centroidFile, Supplier<PlaceDataset> dataset, Sampling sampling,
      DistractorSampling distractorSampling, List<String> distractors, Supplier<Guidance> guidance) {}

  private ClusterRun() {}

  /** Creates the run folder and returns it. */
  public static RunFolder run(Request request) {
    Path out = request.out();
    boolean replacing = Files.exists(out.resolve(RunFolder.GRAPH));
    if (replacing && !request.force()) {
      throw new VprException("run folder " + out + " exists; pass --force to replace it");
    }
    if (Files.exists(out) && !Files.exists(out.resolve(RunFolder.GRAPH)) && !isEmptyFolder(out)) {
      throw new VprException(out + " exists and is not a run folder; choose another --out (it would be replaced)");
    }
    // --force: not while another process trains in the folder being replaced.
    try (RunLock lock = replacing ? RunLock.acquire(out, "cluster --force") : null) {
      AtomicFiles.writeFolder(out, folder -> create(request, folder));
    }
    return RunFolder.open(out);
  }

  private static void create(Request request, Path folder) {
    GraphConfig graph = request.graph();
    long seed = request.seed();
    try (InferenceModel model = new InferenceModel(graph.model(), seed)) {
      Map<String, String> provenance = new LinkedHashMap<>();
      if (request.encoderRun() != null) {
        RunFolder source = RunFolder.open(request.encoderRun());
        String ckpt = CheckpointChoice.resolve(source, request.encoderCheckpoint());
        Map<String, FloatArray> encoder = new LinkedHashMap<>();
        source.readCheckpoint(ckpt).tensors().forEach((k, v) -> {
          if (k.startsWith("encoder.")) {
            encoder.put(k, v);
          }
        });
        model.load(encoder);
        provenance.put("encoder", source.root() + " (" + ckpt + ")");
      } else {
        provenance.put("encoder", "random (seed " + seed + ")");
      }
      RunFolder run = graph.createRun(folder);
      if (graph.model().pooling() == Pooling.NETVLAD) {
        Clusters c = centroids(request, model);
        CentroidFile.write(run.centroids(), c.centroids(), c.descriptors());
        model.load(NetVladInit.parameters(c.centroids(), c.descriptors()));
      }
      Map<String, String> attributes = new LinkedHashMap<>(provenance);
      attributes.put("clustering", clusteringKind(request));
      attributes.put("graph", graph.name());
      run.writeCheckpoint("init", model.weights(), attributes);
    }
  }

  private static boolean isEmptyFolder(Path p) {
    try (var entries = Files.list(p)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** De-attention models cluster without distractors unless told otherwise; others only when asked. */
  private static boolean withoutDistractors(Request request) {
    return switch (request.distractorSampling()) {
      case ALWAYS -> true;
      case NEVER -> false;
      case BY_MODEL -> request.graph().model().has(Attention.DEATTENTION);
    };
  }

  private static String clusteringKind(Request request) {
    GraphConfig graph = request.graph();
    if (graph.model().pooling() != Pooling.NETVLAD) {
      return "none (" + graph.model().pooling() + " pooling)";
    }
    if (request.centroidFile() != null) {
      return "centroid file " + request.centroidFile();
    }
    return withoutDistractors(request)
        ? "de-attention (without " + String.join("+", request.distractors()) + " locations)"
        : "reference (all locations)";
  }

  /** k-means centres and the sample descriptors NetVLAD's alpha is computed from. */
  private record Clusters(float[][] centroids, float[][] descriptors) {}

  private static Clusters centroids(Request request, InferenceModel model) {
    GraphConfig graph = request.graph();
    Sampling sampling = request.sampling();
    int k = graph.model().numClusters();
    if (request.centroidFile() != null) {
      Path file = request.centroidFile();
      float[][] c = CentroidFile.readCentroids(file, graph.model().encoderDim());
      if (c.length != k) {
        throw new VprException("centroid file " + file + " has " + c.length + " centroids, the model has "
            + k + " clusters (model.numClusters)");
      }
      LOG.info("centroids from {}", file);
      return new Clusters(c, CentroidFile.readDescriptors(file));
    }
    PlaceDataset ds = request.dataset().get();
    long t0 = System.nanoTime();
    float[][] samples;
    if (withoutDistractors(request)) {
      Distractors distractors = Distractors.of(request.distractors(), "--distractors");
      try (TrainIdSource source = request.guidance().get().open("de-attention clustering of graph " + graph.name())) {
        LOG.info("de-attention clustering: locations of {} ({}) are not sampled", distractors, source);
        LocationFilter filter = new StaticSceneLocations(source, distractors, graph.model().inputWidth(),
            graph.model().inputHeight());
        samples = DescriptorSampler.sample(model, ds.databaseImages(), sampling.images(), sampling.perImage(),
            request.seed(), sampling.batchSize(), filter);
      }
    } else {
      samples = DescriptorSampler.sample(model, ds.databaseImages(), sampling.images(), sampling.perImage(),
          request.seed(), sampling.batchSize());
    }
    if (samples.length < k) {
      throw new VprException("only " + samples.length + " local descriptors were sampled from " + ds.name()
          + ", fewer than the " + k + " clusters; sample more images (--images) or use fewer clusters");
    }
    long t1 = System.nanoTime();
    KMeans.Result km = new KMeans(KMeans.Config.defaults(k).withIterations(sampling.iterations())
        .withSeed(request.seed())).fit(samples);
    long t2 = System.nanoTime();
    LOG.info(String.format("k-means: %d x %d -> %d centroids on %d points, %d iterations, objective %.4g"
        + " (sampling %.1f s, k-means %.1f s)", samples.length, samples[0].length, k, km.pointsUsed(),
        sampling.iterations(), km.objective(), (t1 - t0) / 1e9, (t2 - t1) / 1e9));
    return new Clusters(km.centroids(), samples);
  }
}
