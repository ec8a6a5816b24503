package org.vpr4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.cluster.CentroidFile;
import org.vpr4j.cluster.DescriptorSampler;
import org.vpr4j.cluster.KMeans;
import org.vpr4j.cluster.LocationFilter;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ShippedGraphs;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.guidance.Distractors;
import org.vpr4j.guidance.StaticSceneLocations;
import org.vpr4j.guidance.TrainIdSource;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.RunFolder;
import org.vpr4j.io.RunLock;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.NetVladInit;

/**
 * {@code vpr4j cluster}: creates a run folder whose NetVLAD layer is initialised from k-means
 * centroids of local descriptors (SPEC §7), or from an existing centroid file. For a de-attention
 * model (or with {@code --deattention-guidance}) the samples leave out distractor locations, as the
 * reference's de-attention centroids do.
 */
final class ClusterCommand implements Command {
  private static final Logger LOG = LogManager.getLogger(ClusterCommand.class);

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public String summary() {
    return "k-means NetVLAD centroids; creates a run folder with the initial weights";
  }

  @Override
  public OptionSet options() {
    return GuidanceOptions.add(DatasetOptions.add(new OptionSet()
        .value("graph", "FILE", "graphs/netvlad.json", "experiment configuration (graphs/*.json)")
        .value("set", "LIST", null, "overrides, comma-separated section.field=value (e.g. model.width=0.5)")
        .value("split", "NAME", "synthcity_train", "split whose database images are sampled")
        .required("out", "DIR", "run folder to create")
        .value("init", "RUN", null, "take the encoder weights from this run folder (e.g. imported VGG16 ImageNet weights)")
        .value("init-ckpt", "NAME", "best", "checkpoint of --init")
        .value("centroids", "FILE", null, "use this centroid HDF5 (datasets centroids, descriptors) instead of k-means")
        .value("images", "N", "500", "database images sampled")
        .value("per-image", "N", "100", "local descriptors per image")
        .value("iterations", "N", "100", "k-means iterations")
        .value("seed", "N", "123", "seed of the sampling, k-means and the initial weights")
        .value("batch-size", "N", "24", "images per forward pass")
        .flag("force", "replace an existing run folder")
        .flag("deattention-guidance", "leave distractor locations out of the k-means samples even if the model"
            + " has no de-attention (it always does for de-attention models)")
        .flag("no-deattention-guidance", "sample every location, also for a de-attention model (reference centroids)")
        .value("distractors", "LIST", String.join(",", Distractors.DEFAULT), "categories left out by de-attention"
            + " clustering (the reference clusters with its default human,vehicle)")));
  }

  @Override
  public int run(Args args) {
    GraphConfig graph = GraphConfig.read(ShippedGraphs.locate(args.requirePath("graph")))
        .withOverrides(args.strings("set"), "--set");
    Path out = args.requirePath("out");
    boolean replacing = Files.exists(out.resolve(RunFolder.GRAPH));
    if (replacing && !args.flag("force")) {
      throw new VprException("run folder " + out + " exists; pass --force to replace it");
    }
    if (Files.exists(out) && !Files.exists(out.resolve(RunFolder.GRAPH)) && !isEmptyFolder(out)) {
      throw new VprException(out + " exists and is not a run folder; choose another --out (it would be replaced)");
    }
    long seed = args.longValue("seed");
    // The run folder is built in a hidden sibling and renamed into place only when complete: a
    // failure (bad centroids, a bad image, a full disk) leaves no half-made run folder behind, and
    // --force replaces the old folder whole (its old checkpoints too) once the new one is ready.
    // --force: not while another process trains in the folder being replaced.
    try (RunLock lock = replacing ? RunLock.acquire(out, "cluster --force") : null) {
      AtomicFiles.writeFolder(out, folder -> create(args, graph, folder, seed));
    }
    System.out.println("run folder " + out + ": graph " + graph.name() + ", initial weights in "
        + RunFolder.open(out).checkpoint("init"));
    return 0;
  }

  private static void create(Args args, GraphConfig graph, Path folder, long seed) {
    try (InferenceModel model = new InferenceModel(graph.model(), seed)) {
      Map<String, String> provenance = new LinkedHashMap<>();
      if (args.string("init") != null) {
        RunFolder source = RunFolder.open(args.path("init"));
        String ckpt = CheckpointChoice.resolve(source, args.string("init-ckpt"));
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
      if (graph.model().pooling().equals("netvlad")) {
        Clusters c = centroids(args, graph, model, seed);
        CentroidFile.write(run.centroids(), c.centroids(), c.descriptors());
        model.load(NetVladInit.parameters(c.centroids(), c.descriptors()));
      }
      Map<String, String> attributes = new LinkedHashMap<>(provenance);
      attributes.put("clustering", clusteringKind(args, graph));
      attributes.put("graph", graph.name());
      run.writeCheckpoint("init", model.weights(), attributes);
    }
  }

  private static boolean isEmptyFolder(Path p) {
    try (var entries = Files.list(p)) {
      return entries.findAny().isEmpty();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** De-attention models cluster without distractors unless told otherwise; others only when asked. */
  private static boolean deattentionClustering(Args args, GraphConfig graph) {
    if (args.flag("deattention-guidance") && args.flag("no-deattention-guidance")) {
      throw new VprException("cluster: --deattention-guidance and --no-deattention-guidance contradict each other");
    }
    return args.flag("deattention-guidance")
        || (graph.model().has("deattention") && !args.flag("no-deattention-guidance"));
  }

  private static String clusteringKind(Args args, GraphConfig graph) {
    if (!graph.model().pooling().equals("netvlad")) {
      return "none (" + graph.model().pooling() + " pooling)";
    }
    if (args.string("centroids") != null) {
      return "centroid file " + args.string("centroids");
    }
    return deattentionClustering(args, graph)
        ? "de-attention (without " + String.join("+", args.strings("distractors")) + " locations)"
        : "reference (all locations)";
  }

  /** k-means centres and the sample descriptors NetVLAD's alpha is computed from. */
  private record Clusters(float[][] centroids, float[][] descriptors) {}

  private static Clusters centroids(Args args, GraphConfig graph, InferenceModel model, long seed) {
    int k = graph.model().numClusters();
    if (args.string("centroids") != null) {
      Path file = args.path("centroids");
      float[][] c = CentroidFile.readCentroids(file, graph.model().encoderDim());
      if (c.length != k) {
        throw new VprException("centroid file " + file + " has " + c.length + " centroids, the model has "
            + k + " clusters (model.numClusters)");
      }
      LOG.info("centroids from {}", file);
      return new Clusters(c, CentroidFile.readDescriptors(file));
    }
    PlaceDataset ds = DatasetOptions.open(args, args.string("split"));
    long t0 = System.nanoTime();
    float[][] samples;
    if (deattentionClustering(args, graph)) {
      Distractors distractors = Distractors.of(args.strings("distractors"), "--distractors");
      try (TrainIdSource source = GuidanceOptions.from(args).open("de-attention clustering of graph " + graph.name())) {
        LOG.info("de-attention clustering: locations of {} ({}) are not sampled", distractors, source);
        LocationFilter filter = new StaticSceneLocations(source, distractors, graph.model().inputWidth(),
            graph.model().inputHeight());
        samples = DescriptorSampler.sample(model, ds.databaseImages(), args.integer("images"),
            args.integer("per-image"), seed, args.integer("batch-size"), filter);
      }
    } else {
      samples = DescriptorSampler.sample(model, ds.databaseImages(), args.integer("images"),
          args.integer("per-image"), seed, args.integer("batch-size"));
    }
    if (samples.length < k) {
      throw new VprException("only " + samples.length + " local descriptors were sampled from " + ds.name()
          + ", fewer than the " + k + " clusters; sample more images (--images) or use fewer clusters");
    }
    long t1 = System.nanoTime();
    KMeans.Result km = new KMeans(KMeans.Config.defaults(k).withIterations(args.integer("iterations"))
        .withSeed(seed)).fit(samples);
    long t2 = System.nanoTime();
    LOG.info(String.format("k-means: %d x %d -> %d centroids on %d points, %d iterations, objective %.4g"
        + " (sampling %.1f s, k-means %.1f s)", samples.length, samples[0].length, k, km.pointsUsed(),
        args.integer("iterations"), km.objective(), (t1 - t0) / 1e9, (t2 - t1) / 1e9));
    return new Clusters(km.centroids(), samples);
  }
}
