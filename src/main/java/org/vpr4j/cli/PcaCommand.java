package org.vpr4j.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.DescriptorExtraction;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.PcaFile;
import org.vpr4j.eval.pca.PcaLearner;
import org.vpr4j.io.CheckpointChoice;
import org.vpr4j.io.FileDigest;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.ort.InferenceEngines;

/**
 * {@code vpr4j pca}: learns a PCA (optionally whitening) from the database descriptors of a
 * training split and stores it in the run folder, where test, query and export apply it.
 */
final class PcaCommand implements Command {
  @Override
  public String name() {
    return "pca";
  }

  @Override
  public String summary() {
    return "learn a PCA (and whitening) of the descriptors from a training split's database; test, query and"
        + " export then apply it";
  }

  @Override
  public OptionSet options() {
    return EngineOptions.add(DatasetOptions.add(new OptionSet()
        .value("run", "DIR", null, "run folder whose model describes the images (required unless --from)")
        .value("from", "FILE", null, "derive from a PCA already learned (a vpr4j PCA file) instead of describing"
            + " images: its leading --dim components, with or without --whiten; needs --out")
        .value("ckpt", "NAME", "best", "checkpoint of the run (best falls back to latest, imported, init)")
        .value("split", "NAME", "synthcity_train", "a TRAINING split whose database descriptors the PCA learns from,"
            + " e.g. pitts30k_train (never the split you evaluate on)")
        .required("dim", "N", "output dimension: one of " + Arrays.toString(Pca.DIMS))
        .flag("whiten", "divide each component by the square root of its variance (plus eps) before the final L2")
        .value("out", "FILE", null, "where to write it (default RUN/pca.hdf5, the PCA test, query and export use)")
        .value("batch-size", "N", "24", "images per forward pass")
        .value("oversampling", "N", null, "extra basis vectors of the randomized solver (default max(16, dim/4))")
        .value("iterations", "N", "4", "subspace iterations of the randomized solver (one pass over the data each)")
        .value("seed", "N", "1234", "seed of the random starting basis")));
  }

  @Override
  public int run(Args args) {
    if (args.given("from")) {
      return derive(args);
    }
    EngineOptions.engine(args, name());
    RunFolder run = RunFolder.open(args.requirePath("run"));
    GraphConfig graph = GraphConfig.of(run);
    int dim = args.integer("dim");
    if (Arrays.stream(Pca.DIMS).noneMatch(d -> d == dim)) {
      throw new VprException("--dim must be one of " + Arrays.toString(Pca.DIMS) + ", got " + dim);
    }
    int oversampling = args.given("oversampling") ? args.integer("oversampling") : Math.max(16, dim / 4);
    int iterations = args.integer("iterations");
    if (oversampling < 0 || iterations < 0) {
      throw new VprException("--oversampling and --iterations must not be negative");
    }
    String ckpt = CheckpointChoice.resolve(run, args.string("ckpt"));
    PlaceDataset ds = DatasetOptions.open(args, args.string("split"));
    if (ds.numDb() < dim) {
      throw new VprException("PCA to " + dim + " dimensions needs at least " + dim + " descriptors, but the"
          + " database of " + ds.name() + " has only " + ds.numDb() + "; choose a smaller --dim or a larger split");
    }
    Path out = args.given("out") ? args.path("out") : run.pca();
    Map<String, String> origin = new LinkedHashMap<>();
    origin.put("source", ds.name() + " database");
    origin.put("count", Integer.toString(ds.numDb()));
    origin.put("run", run.root().toAbsolutePath().normalize().toString());
    origin.put("checkpoint", ckpt);
    origin.put("checkpointSha256", FileDigest.sha256(run.checkpoint(ckpt)));
    origin.put("created", Instant.now().toString());
    origin.put("transductive", "false");
    Pca pca;
    try (InferenceModel model = InferenceModel.ofCheckpoint(graph.model(), run.readCheckpoint(ckpt).tensors(),
        run.checkpoint(ckpt).toString())) {
      try (InferenceEngines.Opened engine = EngineOptions.open(args, name(), model, args.integer("batch-size"));
          DescriptorExtraction.Extracted db = DescriptorExtraction.extract(engine, ds.databaseImages(),
          args.integer("batch-size"), ds.name() + " database", run.root())) {
        pca = PcaLearner.learn(db.store(), dim, new PcaLearner.Settings(oversampling, iterations,
            args.longValue("seed")), args.flag("whiten"), origin);
      }
    }
    PcaFile.write(out, pca);
    System.out.printf(Locale.ROOT, "PCA %d -> %d%s learned from %d descriptors of %s (%s); it keeps %.1f%% of"
        + " the variance; written to %s%n", pca.inputDim(), dim, pca.whiten() ? " with whitening" : "", ds.numDb(),
        ds.name(), ckpt, keptPercent(pca), out);
    return 0;
  }

  /**
   * {@code --from}: a PCA to fewer dimensions, or with whitening switched, cut from one already
   * learned. PCA components are nested, so this is what learning again from the same descriptors
   * would give, without describing them again.
   */
  private static int derive(Args args) {
    Path from = args.requirePath("from");
    Path out = args.requirePath("out");
    int dim = args.integer("dim");
    Pca source = PcaFile.read(from);
    if (Arrays.stream(Pca.DIMS).noneMatch(d -> d == dim) || dim > source.dim()) {
      throw new VprException("--dim " + dim + " cannot be cut from " + from + ", a PCA to " + source.dim()
          + " dimensions: choose one of " + Arrays.toString(Pca.DIMS) + " up to " + source.dim());
    }
    Map<String, String> origin = new LinkedHashMap<>(source.origin());
    origin.put("derivedFrom", from.toAbsolutePath().normalize().toString());
    Pca pca = source.leading(dim).withWhiten(args.flag("whiten")).withOrigin(origin);
    PcaFile.write(out, pca);
    System.out.printf(Locale.ROOT, "PCA %d -> %d%s cut from %s (%d dimensions); it keeps %.1f%% of the variance;"
        + " written to %s%n", pca.inputDim(), dim, pca.whiten() ? " with whitening" : "", from, source.dim(),
        keptPercent(pca), out);
    return 0;
  }

  private static double keptPercent(Pca pca) {
    return 100 * Arrays.stream(pca.eigenvalues()).sum() / pca.totalVariance();
  }
}
