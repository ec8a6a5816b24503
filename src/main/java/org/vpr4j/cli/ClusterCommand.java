package org.vpr4j.cli;

import java.nio.file.Path;
import org.vpr4j.VprException;
import org.vpr4j.cluster.ClusterRun;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ShippedGraphs;
import org.vpr4j.guidance.Distractors;
import org.vpr4j.io.RunFolder;

/**
 * {@code vpr4j cluster}: creates a run folder whose NetVLAD layer is initialised from k-means
 * centroids of local descriptors (docs/clustering.md), or from an existing centroid file. For a de-attention
 * model (or with {@code --deattention-guidance}) the samples leave out distractor locations, as the
 * reference's de-attention centroids do.
 */
final class ClusterCommand implements Command {
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
    if (args.flag("deattention-guidance") && args.flag("no-deattention-guidance")) {
      throw new VprException("cluster: --deattention-guidance and --no-deattention-guidance contradict each other");
    }
    ClusterRun.DistractorSampling distractorSampling = args.flag("deattention-guidance")
        ? ClusterRun.DistractorSampling.ALWAYS
        : args.flag("no-deattention-guidance") ? ClusterRun.DistractorSampling.NEVER
        : ClusterRun.DistractorSampling.BY_MODEL;
    Path out = args.requirePath("out");
    RunFolder run = ClusterRun.run(new ClusterRun.Request(graph, out, args.flag("force"), args.longValue("seed"),
        args.path("init"), args.string("init-ckpt"), args.path("centroids"),
        () -> DatasetOptions.open(args, args.string("split")),
        new ClusterRun.Sampling(args.integer("images"), args.integer("per-image"), args.integer("iterations"),
            args.integer("batch-size")),
        distractorSampling, args.strings("distractors"), () -> GuidanceOptions.from(args)));
    System.out.println("run folder " + out + ": graph " + graph.name() + ", initial weights in "
        + run.checkpoint("init"));
    return 0;
  }
}
