package org.vpr4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.io.CheckpointChoice;
import org.vpr4j.io.RunFolder;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.ProjectedDescriber;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.eval.DescriptorExtraction;
import org.vpr4j.model.Describer;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.ort.InferenceEngines;
import org.vpr4j.query.IndexedAnn;
import org.vpr4j.query.ann.AnnIndex;
import org.vpr4j.query.ann.AnnSettings;
import org.vpr4j.query.ImageSet;
import org.vpr4j.query.IndexBuilder;
import org.vpr4j.query.IndexFile;
import org.vpr4j.query.IndexedModel;
import org.vpr4j.query.ModelProvenance;
import org.vpr4j.query.PlaceIndex;
import org.vpr4j.query.QueryPage;
import org.vpr4j.query.QueryResults;
import org.vpr4j.query.QueryResultsJson;
import org.vpr4j.query.QuerySearch;
import org.vpr4j.report.Html;

/**
 * {@code vpr4j query}: place recognition as a service one would use. {@code query index} describes
 * a database once and keeps it in an index file; {@code query search} finds the top-k places of
 * new images in it, with JSON and a self-contained HTML page as output.
 */
final class QueryCommand implements CommandGroup {
  @Override
  public String name() {
    return "query";
  }

  @Override
  public String summary() {
    return "build a place index once (query index), then find the places of new images (query search)";
  }

  @Override
  public List<Command> subcommands() {
    return List.of(new Index(), new Search());
  }

  /**
   * The images named on the command line: a dataset split (its queries or its database), a folder,
   * or (for queries only) one file.
   */
  private static ImageSet images(Args args, boolean queries) {
    boolean split = args.given("split");
    boolean folder = args.given("images");
    boolean file = queries && args.given("image");
    if ((split ? 1 : 0) + (folder ? 1 : 0) + (file ? 1 : 0) != 1) {
      throw new VprException(queries
          ? "name the queries with exactly one of --image FILE, --images DIR or --dataset ROOT --split NAME"
          : "name the database images with exactly one of --images DIR or --dataset ROOT --split NAME");
    }
    if (file) {
      return ImageSet.file(args.path("image"));
    }
    if (folder) {
      return ImageSet.folder(args.path("images"));
    }
    PlaceDataset ds = DatasetOptions.open(args, args.require("split"));
    return queries ? ImageSet.queriesOf(ds) : ImageSet.databaseOf(ds);
  }

  /** {@code vpr4j query index}. */
  static final class Index implements Command {
    @Override
    public String name() {
      return "query index";
    }

    @Override
    public String summary() {
      return "describe database images once and store them as an index (HDF5)";
    }

    @Override
    public OptionSet options() {
      return EngineOptions.add(PcaOptions.add(DatasetOptions.add(new OptionSet()
          .required("run", "DIR", "run folder whose model describes the images")
          .value("ckpt", "NAME", "best", "checkpoint of the run (best falls back to latest, imported, init)")
          .value("split", "NAME", null, "index the database images of this dataset split (with --dataset)")
          .value("images", "DIR", null, "index every .jpg/.png under this folder (positions from @UTM@ names)")
          .required("out", "FILE", "the index file to write, e.g. pitts30k.h5")
          .value("batch-size", "N", "24", "images per forward pass")
          .value("embed-max-mb", "MB", Long.toString(IndexBuilder.DEFAULT_EMBED_MAX_BYTES >> 20),
              "descriptors up to this size go inside the HDF5 file; larger ones into NAME.descriptors.f32 (or"
                  + " NAME.descriptors.alt.f32: rebuilds alternate) beside it, memory-mapped when searching")
          .value("ann", "KIND", "none", "also build an approximate nearest-neighbour index beside it: hnsw (Apache"
              + " Lucene, descriptors of at most 4,096 dimensions: use a PCA), or none")
          .value("hnsw-m", "M", Integer.toString(AnnSettings.DEFAULT_M), "HNSW neighbours per node")
          .value("ef-construction", "N", Integer.toString(AnnSettings.DEFAULT_EF_CONSTRUCTION),
              "HNSW candidates while building")
          .flag("int8", "quantize the HNSW vectors to bytes (Lucene's scalar quantization; 4x smaller)")
          .value("hnsw-nav-dim", "D", "0", "walk the HNSW graph in a PCA projection to D dimensions, learned from the"
              + " indexed descriptors, and re-rank its candidates at full dimension (0: walk the descriptors"
              + " themselves; docs/scale.md)")
          .value("calibration-split", "NAME", null, "with --hnsw-nav-dim: measure how many candidates the graph's"
              + " searches re-rank on up to " + AnnSettings.CALIBRATION_QUERIES + " query images of this dataset split,"
              + " held out from evaluation (e.g. pitts30k_val), which may choose fewer than the default; without it,"
              + " on queries made between indexed rows, which only ever choose more")
          .value("calibration-images", "DIR", null, "as --calibration-split, with the .jpg/.png query photos under"
              + " this folder (not the indexed ones)"))));
    }

    @Override
    public int run(Args args) {
      Path out = args.requirePath("out");
      long embedMb = args.longValue("embed-max-mb");
      if (embedMb < 0) {
        throw new VprException("--embed-max-mb must not be negative, got " + embedMb);
      }
      boolean ann = args.choice("ann", "none", "hnsw").equals("hnsw");
      AnnSettings settings = new AnnSettings(args.integer("hnsw-m"), args.integer("ef-construction"), args.flag("int8"),
          args.integer("hnsw-nav-dim"));
      if (settings.m() < 2 || settings.efConstruction() < 1 || settings.navDim() < 0) {
        throw new VprException("--hnsw-m must be at least 2, --ef-construction at least 1 and --hnsw-nav-dim not"
            + " negative");
      }
      RunFolder run = RunFolder.open(args.requirePath("run"));
      GraphConfig graph = GraphConfig.of(run);
      String ckpt = CheckpointChoice.resolve(run, args.string("ckpt"));
      ImageSet database = images(args, false);
      ModelProvenance provenance = ModelProvenance.of(run, graph, ckpt);
      Pca pca = PcaOptions.resolve(args, run, ckpt);
      if (pca != null) {
        provenance = provenance.withPca(args.string("pca").equals("run") ? run.pca() : Path.of(args.string("pca")));
      }
      // Read before the long work: a wrong split or folder fails before any image is described.
      HeldOutQueries calibration = HeldOutQueries.of(args, ann, settings);
      EngineOptions.engine(args, name());
      PlaceIndex index;
      DescriptorExtraction.Extracted heldOut = null;
      try (InferenceModel model = InferenceModel.ofCheckpoint(graph.model(), run.readCheckpoint(ckpt).tensors(),
          run.checkpoint(ckpt).toString())) {
        try (InferenceEngines.Opened engine = EngineOptions.open(args, name(), model, args.integer("batch-size"));
            ProjectedDescriber projected = pca == null ? null : new ProjectedDescriber(engine, pca)) {
          Describer describer = projected != null ? projected : engine;
          index = IndexBuilder.build(describer, provenance, database, out, args.integer("batch-size"), embedMb << 20);
          if (calibration != null) {
            heldOut = DescriptorExtraction.extract(describer, calibration.images(), args.integer("batch-size"),
                "describing " + calibration.images().size() + " held-out queries of " + calibration.source(),
                out.toAbsolutePath().getParent());
          }
        }
      }
      System.out.printf(Locale.ROOT, "index %s: %d images (%d with a position), %d-D descriptors of %s (%s)%s%n",
          out, index.size(), database.positionsKnown(), index.descriptorDim(), graph.name(), ckpt,
          IndexFile.separateDescriptorFile(out).map(f -> "; descriptors in " + f).orElse(""));
      if (ann) {
        Path folder;
        try (DescriptorExtraction.Extracted held = heldOut) {
          folder = IndexedAnn.build(index, settings, held == null ? null : held.store());
        }
        System.out.printf(Locale.ROOT, "HNSW index %s (M %d, efConstruction %d, %s%s): %.1f MB%s%n", folder,
            settings.m(), settings.efConstruction(), settings.quantization(), settings.projected()
                ? ", walked in a " + settings.navDim() + "-D PCA projection" : "", AnnIndex.sizeOnDisk(folder) / 1e6,
            index.size() < IndexedAnn.SMALL_DATABASE ? "; note: with " + index.size() + " images exact search is"
                + " about as fast" : "");
      } else {
        deleteStaleGraph(out);
      }
      return 0;
    }
  }

  /**
   * The query images a projected graph measures its re-rank factor on ({@code --calibration-split}
   * or {@code --calibration-images}, at most {@link AnnSettings#CALIBRATION_QUERIES}), and where they
   * come from.
   */
  record HeldOutQueries(String source, List<Path> images) {
    /**
     * The held-out queries the options name, or null when they name none.
     *
     * @throws VprException if both options are given, the graph is not a projected one, they are
     *     the indexed images' split or folder (whose queries the index will be evaluated on), or
     *     they hold no image
     */
    static HeldOutQueries of(Args args, boolean ann, AnnSettings settings) {
      String split = args.string("calibration-split");
      String folder = args.string("calibration-images");
      if (split == null && folder == null) {
        return null;
      }
      String option = split != null ? "--calibration-split" : "--calibration-images";
      if (split != null && folder != null) {
        throw new VprException("give --calibration-split or --calibration-images, not both");
      }
      if (!ann || !settings.projected()) {
        throw new VprException(option + " measures the re-rank factor of an HNSW graph walked in a projection:"
            + " give --ann hnsw and --hnsw-nav-dim too");
      }
      if (split != null && split.equals(args.string("split"))
          || folder != null && args.given("images") && Path.of(folder).toAbsolutePath().normalize()
              .equals(args.path("images").toAbsolutePath().normalize())) {
        throw new VprException(option + " " + (split != null ? split : folder) + " names the indexed images: calibrate"
            + " on queries the index will not be evaluated on (e.g. the validation split's)");
      }
      ImageSet queries = split != null ? ImageSet.queriesOf(DatasetOptions.open(args, split))
          : ImageSet.folder(Path.of(folder));
      if (queries.size() == 0) {
        throw new VprException(option + " " + (split != null ? split : folder) + " has no query images to measure on");
      }
      return new HeldOutQueries(split != null ? "split " + split : folder, IndexedAnn.calibrationSample(queries.images()));
    }
  }

  /** A graph left beside an index that is rebuilt without one would describe the old descriptors. */
  private static void deleteStaleGraph(Path indexFile) {
    Path folder = AnnIndex.folderFor(indexFile);
    if (Files.isDirectory(folder)) {
      try {
        AtomicFiles.deleteRecursively(folder);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the old HNSW index " + folder + ": " + e.getMessage(), e);
      }
    }
  }

  /** {@code vpr4j query search}. */
  static final class Search implements Command {
    /** Queries listed on stdout when no --out folder is given. */
    private static final int PRINTED_QUERIES = 20;

    @Override
    public String name() {
      return "query search";
    }

    @Override
    public String summary() {
      return "find the top-k database places of query images in an index";
    }

    @Override
    public OptionSet options() {
      return EngineOptions.add(DatasetOptions.add(new OptionSet()
          .required("index", "FILE", "index file from 'vpr4j query index'")
          .value("image", "FILE", null, "one query image")
          .value("images", "DIR", null, "every .jpg/.png under this folder is a query")
          .value("split", "NAME", null, "the queries of this dataset split (with --dataset)")
          .value("top-k", "K", "5", "matches per query")
          .value("out", "DIR", null, "write results.json and results.html (self-contained) here")
          .value("html-queries", "N", "50", "queries drawn on the HTML page (the JSON has all)")
          .value("batch-size", "N", "24", "images per forward pass")
          .value("run", "DIR", null, "run folder of the index's model, if it moved since indexing")
          .flag("exact", "exact search even when the index has an HNSW graph beside it")
          .value("ef", "N", Integer.toString(AnnSettings.DEFAULT_EF), "HNSW candidates per query: more finds more of"
              + " the exact neighbours, fewer is faster")
          .value("rerank-factor", "F", null, "HNSW: take at least F x top-k candidates, all re-ranked exactly (default "
              + AnnSettings.DEFAULT_RERANK_FACTOR + "; for a graph built with --hnsw-nav-dim, the factor it measured when"
              + " built: " + AnnSettings.DEFAULT_NAV_RERANK_FACTOR + " or more, or fewer where held-out queries showed"
              + " them enough)")
          .value("ckpt", "NAME", null, "checkpoint to use instead of the one the index records")));
    }

    @Override
    public int run(Args args) {
      EngineOptions.engine(args, name());
      PlaceIndex index = IndexFile.read(args.requirePath("index"));
      ImageSet queries = images(args, true);
      int k = args.integer("top-k");
      int htmlQueries = args.integer("html-queries");
      if (htmlQueries < 0) {
        throw new VprException("--html-queries must not be negative, got " + htmlQueries);
      }
      Path out = args.path("out");
      Path spill = out != null ? createFolder(out) : Path.of(System.getProperty("java.io.tmpdir"));
      QueryResults results;
      try (InferenceModel model = IndexedModel.open(index, args.path("run"), args.string("ckpt"))) {
        Pca pca = IndexedModel.pca(index, model.descriptorDim());
        int ef = args.integer("ef");
        if (ef < 1) {
          throw new VprException("--ef must be at least 1, got " + ef);
        }
        Integer givenFactor = args.given("rerank-factor") ? args.integer("rerank-factor") : null;
        if (givenFactor != null && givenFactor < 1) {
          throw new VprException("--rerank-factor must be at least 1, got " + givenFactor);
        }
        try (InferenceEngines.Opened engine = EngineOptions.open(args, name(), model, args.integer("batch-size"));
            ProjectedDescriber projected = pca == null ? null : new ProjectedDescriber(engine, pca);
            AnnIndex ann = args.flag("exact") ? null : IndexedAnn.openIfPresent(index)) {
          int rerankFactor = ann == null ? 0 : givenFactor != null ? givenFactor : ann.defaultRerankFactor();
          results = QuerySearch.search(index, projected != null ? projected : engine, queries, k,
              args.integer("batch-size"), spill, ann, ef, rerankFactor);
        }
      }
      print(results);
      if (out != null) {
        Path json = out.resolve("results.json");
        Path html = out.resolve("results.html");
        QueryResultsJson.write(json, results);
        QueryPage.write(html, results, htmlQueries);
        System.out.println("results: " + json + " and " + html);
      }
      return 0;
    }

    private static void print(QueryResults r) {
      int shown = Math.min(PRINTED_QUERIES, r.queries().size());
      for (QueryResults.Query q : r.queries().subList(0, shown)) {
        System.out.println(q.image());
        for (QueryResults.Match m : q.matches()) {
          String verdict = m.withinThreshold() == null ? "" : m.withinThreshold()
              ? String.format(Locale.ROOT, "  correct (%.0f m)", m.metres())
              : String.format(Locale.ROOT, "  wrong (%.0f m)", m.metres());
          System.out.printf(Locale.ROOT, "  %2d. %.4f  %s%s%n", m.rank(), m.distance(), m.image(), verdict);
        }
      }
      if (shown < r.queries().size()) {
        System.out.println("... and " + (r.queries().size() - shown) + " more queries (use --out for all)");
      }
      long judged = r.queriesWithPosition();
      if (judged > 0) {
        System.out.printf(Locale.ROOT, "%d of %d queries with a position: %.1f%% correct at top 1, %.1f%% in top %d"
            + " (within %s m)%n", judged, r.queries().size(), 100.0 * r.correctAtTop1() / judged,
            100.0 * r.correctInTopK() / judged, r.k(), Html.number(r.posDistThr()));
      }
    }

    private static Path createFolder(Path folder) {
      try {
        return Files.createDirectories(folder);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create output folder " + folder + ": " + e.getMessage(), e);
      }
    }
  }
}
