package org.vpr4j.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.vpr4j.VprException;
import org.vpr4j.data.DbStruct;
import org.vpr4j.data.DbStructWriter;
import org.vpr4j.data.LabelImages;
import org.vpr4j.data.TrainIdImage;
import org.vpr4j.io.AtomicFiles;

/**
 * Writes a synthetic city in the Pittsburgh layout: {@code datasets/synthcity_{train,val,test}.mat},
 * database images at {@code ROOT/<dbImageFns>}, queries at {@code ROOT/queries_real/<qImageFns>},
 * a label PNG per image under {@code ROOT/labels/} (see {@link LabelImages}), and
 * {@code synthcity.json} with the generation parameters. The folder appears only when complete.
 */
public final class SynthCityGenerator {
  /** Dataset name: the .mat files are {@code synthcity_<split>.mat}. */
  public static final String NAME = "synthcity";
  public static final String QUERY_FOLDER = "queries_real";
  /** NetVLAD's thresholds: 25 m for evaluation, 10 m (100 m²) for training positives. */
  public static final double POS_DIST_THR = 25;
  public static final double NON_TRIV_POS_DIST_SQ_THR = 100;

  private final SynthConfig config;

  public SynthCityGenerator(SynthConfig config) {
    this.config = config;
  }

  /**
   * Generates the city into {@code out}. A non-empty {@code out} is refused unless {@code force}
   * is set and it holds an earlier synthetic city (its {@code synthcity.json}); that one is replaced
   * once the new city is complete. Any other folder is never replaced, so a mistyped {@code --out}
   * cannot delete unrelated files. {@code onImage} is called (from worker threads) after every
   * picture.
   */
  public SynthSummary generate(Path out, boolean force, Runnable onImage) {
    checkTarget(out, force);
    long start = System.nanoTime();
    CityLayout layout = CityPlanner.plan(config);
    Map<Split, List<Shot>> database = new LinkedHashMap<>();
    Map<Split, List<Shot>> queries = new LinkedHashMap<>();
    for (Split split : Split.values()) {
      List<Shot> db = new ArrayList<>();
      List<Shot> q = new ArrayList<>();
      for (Place p : layout.places(split)) {
        db.addAll(ShotPlanner.database(p, config));
        q.addAll(ShotPlanner.queries(p, config));
      }
      database.put(split, db);
      queries.put(split, q);
    }
    AtomicFiles.writeFolder(out, tmp -> {
      renderAll(tmp, database, queries, onImage);
      for (Split split : Split.values()) {
        writeMat(tmp, split, database.get(split), queries.get(split));
      }
      writeProvenance(tmp.resolve(NAME + ".json"), database, queries);
    });
    long db = database.values().stream().mapToLong(List::size).sum();
    long q = queries.values().stream().mapToLong(List::size).sum();
    return new SynthSummary(out, config.totalPlaces(), db, q, Duration.ofNanos(System.nanoTime() - start));
  }

  private static void checkTarget(Path out, boolean force) {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new VprException("synth: --out " + out + " exists and is not a folder");
    }
    if (!Files.isDirectory(out) || isEmpty(out)) {
      return;
    }
    if (!Files.isRegularFile(out.resolve(NAME + ".json"))) {
      throw new VprException("synth: --out " + out + " is not empty and holds no earlier synthetic city ("
          + NAME + ".json); choose an empty or new folder");
    }
    if (!force) {
      throw new VprException("synth: --out " + out + " already holds a synthetic city; pass --force to replace it");
    }
  }

  private static boolean isEmpty(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new VprException("synth: cannot list --out " + folder + ": " + e.getMessage(), e);
    }
  }

  private void renderAll(Path root, Map<Split, List<Shot>> database, Map<Split, List<Shot>> queries,
      Runnable onImage) throws IOException {
    List<Path[]> jobs = new ArrayList<>();
    List<Shot> shots = new ArrayList<>();
    for (Split split : Split.values()) {
      for (Shot s : database.get(split)) {
        shots.add(s);
        jobs.add(targets(root, root.resolve(s.relativePath())));
      }
      for (Shot s : queries.get(split)) {
        shots.add(s);
        jobs.add(targets(root, root.resolve(QUERY_FOLDER).resolve(s.relativePath())));
      }
    }
    TreeSet<Path> folders = new TreeSet<>();
    for (Path[] job : jobs) {
      folders.add(job[0].getParent());
      folders.add(job[1].getParent());
    }
    for (Path folder : folders) {
      Files.createDirectories(folder);
    }
    ShotRenderer renderer = new ShotRenderer(config);
    ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
      Thread t = new Thread(r, "synth-render");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>(shots.size());
      for (int i = 0; i < shots.size(); i++) {
        Shot shot = shots.get(i);
        Path[] target = jobs.get(i);
        futures.add(pool.submit(() -> {
          writeShot(renderer, shot, target[0], target[1]);
          onImage.run();
          return null;
        }));
      }
      for (Future<?> f : futures) {
        waitFor(f);
      }
    } finally {
      stop(pool);
    }
  }

  /** Stops the workers and waits for them, so none writes into a folder that is being deleted. */
  private static void stop(ExecutorService pool) throws IOException {
    pool.shutdownNow();
    try {
      while (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        // a picture in progress always finishes; keep waiting
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the renderers", e);
    }
  }

  /**
   * Files go straight into the temporary folder of {@link AtomicFiles#writeFolder}: the whole city
   * becomes visible at once, so a per-file rename would add nothing.
   */
  private void writeShot(ShotRenderer renderer, Shot shot, Path picture, Path labels) throws IOException {
    ShotRenderer.Rendered r = renderer.render(shot);
    JpegFiles.write(picture, r.picture(), config.jpegQuality());
    LabelImages.write(labels, new TrainIdImage(config.width(), config.height(), r.labels()));
  }

  private static void waitFor(Future<?> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while rendering", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** The picture path and its label path. */
  private static Path[] targets(Path root, Path picture) {
    return new Path[] {picture, LabelImages.pathFor(root, picture)};
  }

  private void writeMat(Path root, Split split, List<Shot> db, List<Shot> q) throws IOException {
    DbStruct struct = new DbStruct(split.whichSet(), names(db), utm(db), names(q), utm(q), POS_DIST_THR,
        POS_DIST_THR * POS_DIST_THR, NON_TRIV_POS_DIST_SQ_THR);
    Path mat = root.resolve("datasets").resolve(NAME + "_" + split.whichSet() + ".mat");
    DbStructWriter.write(mat, struct);
  }

  private void writeProvenance(Path json, Map<Split, List<Shot>> database, Map<Split, List<Shot>> queries)
      throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("generator", "vpr4j synth");
    doc.put("layout", "pittsburgh");
    doc.put("seed", config.seed());
    Map<String, Object> places = new LinkedHashMap<>();
    Map<String, Object> counts = new LinkedHashMap<>();
    for (Split split : Split.values()) {
      places.put(split.whichSet(), config.places(split));
      Map<String, Object> count = new LinkedHashMap<>();
      count.put("database", database.get(split).size());
      count.put("queries", queries.get(split).size());
      counts.put(split.whichSet(), count);
    }
    doc.put("places", places);
    doc.put("dbViewsPerPlace", config.dbViews());
    doc.put("queriesPerPlace", config.queriesPerPlace());
    doc.put("width", config.width());
    doc.put("height", config.height());
    doc.put("distractors", config.distractors());
    doc.put("jpegQuality", config.jpegQuality());
    doc.put("placeSpacingMetres", CityPlanner.PLACE_SPACING);
    doc.put("placesPerStreet", CityPlanner.PLACES_PER_STREET);
    doc.put("posDistThr", POS_DIST_THR);
    doc.put("nonTrivPosDistSqThr", NON_TRIV_POS_DIST_SQ_THR);
    doc.put("labels", "8-bit PNG under labels/, Cityscapes train ids 0..18, 255 = void");
    doc.put("images", counts);
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(json, mapper.writeValueAsString(doc) + "\n", StandardCharsets.UTF_8);
  }

  private static List<String> names(List<Shot> shots) {
    return shots.stream().map(Shot::relativePath).toList();
  }

  private static double[][] utm(List<Shot> shots) {
    double[][] out = new double[shots.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = shots.get(i).utm();
    }
    return out;
  }
}
