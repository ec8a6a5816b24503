package org.vpr4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vpr4j.VprException;
import org.vpr4j.eval.DescriptorFileWriter;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.MappedDescriptors;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.query.QuerySearch;
import org.vpr4j.query.ann.AnnIndex;
import org.vpr4j.query.ann.AnnSettings;
import org.vpr4j.query.ann.VectorKernels;
import org.vpr4j.util.Gaussian;

/**
 * {@code vpr4j bench --what scale}: exact and HNSW search at city scale on synthetic clustered
 * descriptors (docs/benchmarks.md), HNSW graphs walked in a PCA projection ({@link
 * NavigationNotes}), and jvector's graph on the same vectors ({@link ScaleJVector}).
 * The data is a mixture of Gaussians on the unit sphere, in two levels: streets (random centres)
 * of places (a random walk along the street), each place with database views and queries
 * scattered around it. A query thus has a few views of its own place, then the views of the
 * places along its street, ever farther, and the rest of the city far away, as real place
 * descriptors do (isotropic noise around isolated places would leave all but the first few
 * neighbours at near-random distances, which no approximate index ranks). Everything lives in
 * memory-mapped descriptor files in a work folder; faiss runs in its own process on the same files.
 */
public final class ScaleBenchmark {
  /** Database vectors per place. */
  private static final int VIEWS_PER_PLACE = 4;
  /** Places per street. */
  private static final int PLACES_PER_STREET = 25;
  /** Standard deviation of a view around its place, per coordinate, relative to 1/sqrt(dim). */
  private static final double SPREAD = 0.6;
  /** Standard deviation of the step from one place of a street to the next, likewise. */
  private static final double STEP = 0.25;

  /**
   * The sizes of a run.
   *
   * @param rerankFactor the graphs' candidates are at least this times k ({@link
   *     QuerySearch#approximate}); 0: each graph's default
   */
  public record Sizes(int database, int queries, int dim, int fullDim, int fullDatabase, int k, int ef,
      int rerankFactor, AnnSettings ann) {}

  /**
   * What a run measures (a long run can be split into several, on the same generated vectors).
   * Besides these, {@code fp32-navD} and {@code int8-navD} measure a graph walked in a PCA
   * projection to any dimension D ({@link #PROJECTED}).
   */
  public static final List<String> METHODS = List.of("exact-full", "exact", "fp32", "int8", "int8-nav128",
      "int8-nav256", "jvector", "jvector-pq", "faiss");
  /** A graph walked in a projection: its quantization and navigation dimension. */
  static final Pattern PROJECTED = Pattern.compile("(fp32|int8)-nav([1-9][0-9]*)");

  /** One measured row of the table. */
  record Row(String method, double buildSeconds, long bytesOnDisk, double peakRssMb, double firstQps, double qps,
      double recall) {}

  private ScaleBenchmark() {}

  /**
   * @param methods which of {@link #METHODS} to measure; the exact 4,096-D search, the truth of
   *     every recall, runs always. Generated vectors stay in {@code work} for the next run.
   */
  public static String run(Sizes s, Path work, String python, List<String> methods) throws Exception {
    for (String m : methods) {
      if (!METHODS.contains(m) && !PROJECTED.matcher(m).matches()) {
        throw new VprException("bench: --scale-methods takes " + String.join(", ", METHODS) + " (or fp32-navD,"
            + " int8-navD for any navigation dimension D), not '" + m + "'");
      }
    }
    Files.createDirectories(work);
    Path db = work.resolve("db-" + s.dim() + ".f32");
    Path q = work.resolve("q-" + s.dim() + ".f32");
    long seed = 11;
    clustered(db, s.database(), s.dim(), seed, 0);
    clustered(q, s.queries(), s.dim(), seed, 1);
    // Held-out queries (stream 2: drawn as the measured ones, not among them) for the re-rank factor
    // of projected graphs, as `query index --calibration-split` describes a validation split's.
    Path heldOut = work.resolve("held-out-" + s.dim() + ".f32");
    clustered(heldOut, AnnSettings.CALIBRATION_QUERIES, s.dim(), seed, 2);
    List<Row> rows = new ArrayList<>();
    StringBuilder notes = new StringBuilder();
    MappedDescriptors dbs = MappedDescriptors.open(db);
    MappedDescriptors qs = MappedDescriptors.open(q);
    MappedDescriptors held = MappedDescriptors.open(heldOut);
    notes.append(neighbourStats(dbs, qs, s.k()));

    if (s.fullDatabase() > 0 && methods.contains("exact-full")) {
      Path dbFull = work.resolve("db-" + s.fullDim() + ".f32");
      Path qFull = work.resolve("q-" + s.fullDim() + ".f32");
      clustered(dbFull, s.fullDatabase(), s.fullDim(), seed, 0);
      clustered(qFull, s.queries(), s.fullDim(), seed, 1);
      Peak.reset();
      MappedDescriptors d = MappedDescriptors.open(dbFull);
      Timed<SearchResult> t = timedExact(MappedDescriptors.open(qFull), d, s.k());
      rows.add(new Row("vpr4j exact " + s.fullDim() + "-D (" + s.fullDatabase() + " vectors)", 0, Files.size(dbFull),
          Peak.mb(), s.queries() / t.firstSeconds(), s.queries() / t.warmSeconds(), 1));
      notes.append(String.format(Locale.ROOT, "- Exact %d-D ran on %d database vectors (what fits this run);"
          + " per query its cost grows linearly with the database, so at %d vectors it would take %.1fx longer.%n",
          s.fullDim(), s.fullDatabase(), s.database(), s.database() / (double) s.fullDatabase()));
      for (Path f : List.of(dbFull, qFull)) {
        Files.deleteIfExists(f);
        Files.deleteIfExists(f.resolveSibling(f.getFileName() + ".done"));
      }
    }

    Peak.reset();
    Timed<SearchResult> exact = timedExact(qs, dbs, s.k());
    rows.add(new Row("vpr4j exact " + s.dim() + "-D", 0, Files.size(db), Peak.mb(), s.queries() / exact.firstSeconds(),
        s.queries() / exact.warmSeconds(), 1));
    int threads = Runtime.getRuntime().availableProcessors();
    notes.append(String.format(Locale.ROOT, "- Exact %d-D: %.1f ns of one core per query and database vector"
        + " (one batched matrix product on %d threads).%n", s.dim(), 1e9 * exact.warmSeconds() * threads
        / ((double) s.queries() * dbs.rows()), threads));
    notes.append("- HNSW: ").append(VectorKernels.describe()).append(".\n");

    for (boolean int8 : new boolean[] {false, true}) {
      if (methods.contains(int8 ? "int8" : "fp32")) {
        rows.addAll(hnsw(new AnnSettings(s.ann().m(), s.ann().efConstruction(), int8, 0), s, work, dbs, qs, q,
            null, exact.result(), notes));
      }
    }
    for (String m : methods) {
      Matcher projected = PROJECTED.matcher(m);
      if (projected.matches()) {
        rows.addAll(hnsw(new AnnSettings(s.ann().m(), s.ann().efConstruction(), projected.group(1).equals("int8"),
            Integer.parseInt(projected.group(2))), s, work, dbs, qs, q, held, exact.result(), notes));
      }
    }
    if (methods.contains("jvector") || methods.contains("jvector-pq")) {
      rows.addAll(ScaleJVector.measure(s, methods.contains("jvector"), methods.contains("jvector-pq"), work, dbs, q,
          exact.result(), notes));
    }
    if (methods.contains("faiss")) {
      rows.addAll(faiss(python, db, q, s));
    }
    return table(s, rows) + "\n" + notes;
  }

  /**
   * Builds the graph in this process, then searches it in a process of its own ({@link
   * ScaleSearchProcess}), whose peak RSS is that of searching alone: a graph walked on the
   * descriptors at every ef of {@link #efSweep}, a projected graph (whose build time includes
   * learning its PCA and measuring its re-rank factor on {@code heldOut}, null for a graph not
   * projected) at the default ef and every re-rank factor of {@link #factorSweep}, the depth that
   * decides its recall (docs/scale.md).
   */
  private static List<Row> hnsw(AnnSettings a, Sizes s, Path work, DescriptorStore dbs, DescriptorStore qs,
      Path queryFile, DescriptorStore heldOut, SearchResult exact, StringBuilder notes)
      throws IOException, InterruptedException {
    String method = a.quantization() + (a.projected() ? "-nav" + a.navDim() : "");
    Path folder = work.resolve("hnsw-" + method);
    long b0 = System.nanoTime();
    AnnIndex.build(dbs, folder, a, Map.of("bench", "scale"), heldOut);
    double build = (System.nanoTime() - b0) / 1e9;
    long size = AnnIndex.sizeOnDisk(folder);
    List<Row> rows = new ArrayList<>();
    try (AnnIndex ann = AnnIndex.open(folder)) {
      // A projected graph's default is the factor it measured on the held-out queries when built.
      int factor = s.rerankFactor() > 0 ? s.rerankFactor() : ann.defaultRerankFactor();
      int defaultCandidates = candidates(s.ef(), factor, s.k(), dbs.rows());
      // A projected graph's sweep is over its candidates: the search process takes them as ef, factor 1.
      int[] efs = a.projected() ? Arrays.stream(factorSweep(factor)).map(f -> candidates(s.ef(), f, s.k(),
          dbs.rows())).distinct().toArray() : efSweep(s.ef(), s.k());
      int childFactor = a.projected() ? 1 : factor;
      List<ScaleSearchProcess.Pass> passes = ScaleSearchProcess.run(GraphSearch.LUCENE, folder, queryFile, exact, efs,
          childFactor, work);
      int[] depths = passes.stream().mapToInt(p -> candidates(p.ef(), childFactor, s.k(), dbs.rows())).toArray();
      if (a.projected()) {
        notes.append(NavigationNotes.of(ann, dbs, qs, exact, depths, work));
      }
      int sample = Math.min(100, qs.rows());
      float[] walks = ann.walkVectors(qs.read(0, sample), sample);
      for (int p = 0; p < passes.size(); p++) {
        ScaleSearchProcess.Pass pass = passes.get(p);
        String setting = a.projected() ? depths[p] + " candidates" : "ef " + pass.ef()
            + (depths[p] != Math.max(pass.ef(), s.k()) ? ", " + depths[p] + " candidates" : "");
        boolean isDefault = a.projected() ? depths[p] == defaultCandidates : pass.ef() == s.ef();
        rows.add(new Row(String.format(Locale.ROOT, "vpr4j HNSW %s%s (Lucene, M %d, efC %d, %s)%s",
            a.quantization(), a.projected() ? " walked at " + a.navDim() + "-D" : "", a.m(), a.efConstruction(),
            setting, isDefault ? " **default**" : ""), build, size, pass.peakRssMb(),
            s.queries() / pass.firstSeconds(), s.queries() / pass.warmSeconds(), pass.recall()));
        long visited = 0;
        for (int i = 0; i < sample; i++) {
          visited += ann.visited(Arrays.copyOfRange(walks, i * ann.walkDim(), (i + 1) * ann.walkDim()), depths[p]);
        }
        notes.append(visitedNote("HNSW " + method + (a.projected() ? " with " + depths[p] + " candidates"
            : " at ef " + pass.ef()), pass, visited / (double) sample, dbs.rows(), s.queries()));
      }
    } finally {
      AtomicDelete.folder(folder);
    }
    return rows;
  }

  /** The candidates of a graph search: max(ef, factor x k), at most the database ({@link QuerySearch#approximate}). */
  private static int candidates(int ef, int factor, int k, int rows) {
    return Math.min(rows, Math.max(ef, factor * k));
  }

  /**
   * The re-rank factors measured: a quarter of the default (at least 1), half, the default, twice
   * and four times it (at the default ef, the smaller factors may all give ef candidates).
   */
  static int[] factorSweep(int factor) {
    return java.util.stream.IntStream.of(Math.max(1, factor / 4), Math.max(1, factor / 2), factor, 2 * factor,
        4 * factor).distinct().toArray();
  }

  /**
   * The note on one graph search pass: how many database vectors a query was compared with, and
   * what each comparison cost in the steady state (the pass's time on every core, per compared vector).
   */
  static String visitedNote(String search, ScaleSearchProcess.Pass p, double perQuery, int dbRows, int queries) {
    int threads = Runtime.getRuntime().availableProcessors();
    return String.format(Locale.ROOT, "- %s compares a query with %.0f database vectors on average (%.2f%% of"
        + " the database): %.1f ns of one core per compared vector in the warm passes, re-ranking included (queries"
        + " on %d threads).%n", search, perQuery, 100.0 * perQuery / dbRows,
        1e9 * threads * p.warmSeconds() / (queries * perQuery), threads);
  }

  /**
   * A search is timed as a first pass, which maps the files' pages in, then warm passes: at least
   * {@value #WARM_PASSES}, and more until {@value #WARM_SECONDS} s of them have run. The steady
   * state is their mean. A pass of 1,000 queries through a graph lasts 0.05-0.2 s: the fastest of
   * 3 such passes moved by up to 1.5x between runs, and the fastest of many would favour the short
   * passes over the exact scan's, whose passes last seconds (it gets its 3).
   */
  static final int WARM_PASSES = 3;
  static final double WARM_SECONDS = 3;
  private static final int MAX_WARM_PASSES = 100;

  /** A search's first pass, its mean warm pass (see {@link #WARM_PASSES}) and its result. */
  record Timed<T>(double firstSeconds, double warmSeconds, T result) {}

  /** Runs {@code search} once, then warm passes (see {@link #WARM_PASSES}); the result is the last pass's. */
  static <T> Timed<T> timed(Supplier<T> search) {
    return timed(search, 0);
  }

  /**
   * As {@link #timed(Supplier)}, with untimed passes for {@code settleSeconds} between the first
   * pass and the warm ones: in a fresh JVM, the just-in-time compiler is still at work on the
   * walk's code during its first seconds, which the first setting measured would pay alone.
   */
  static <T> Timed<T> timed(Supplier<T> search, double settleSeconds) {
    long t0 = System.nanoTime();
    T result = search.get();
    double first = (System.nanoTime() - t0) / 1e9;
    long settled = System.nanoTime() + (long) (settleSeconds * 1e9);
    while (System.nanoTime() < settled) {
      result = search.get();
    }
    double warmTotal = 0;
    int passes = 0;
    while (passes < MAX_WARM_PASSES && (passes < WARM_PASSES || warmTotal < WARM_SECONDS)) {
      long t1 = System.nanoTime();
      result = search.get();
      warmTotal += (System.nanoTime() - t1) / 1e9;
      passes++;
    }
    return new Timed<>(first, warmTotal / passes, result);
  }

  private static Timed<SearchResult> timedExact(DescriptorStore q, DescriptorStore db, int k) {
    try (ExactSearch search = new ExactSearch()) {
      return timed(() -> search.search(q, db, k));
    }
  }

  /** The ef values measured: a quarter of the default (at least k), half, the default and twice it. */
  static int[] efSweep(int ef, int k) {
    return java.util.stream.IntStream.of(Math.max(k, ef / 4), Math.max(k, ef / 2), ef, 2 * ef).distinct().toArray();
  }

  /**
   * Writes {@code rows} clustered unit vectors (seeded by {@code seed}; stream 0 is the database,
   * in street order, stream 1 the queries, each around a random place).
   */
  static void clustered(Path file, int rows, int dim, long seed, int stream) {
    if (Files.isRegularFile(file) && Files.isRegularFile(file.resolveSibling(file.getFileName() + ".done"))) {
      MappedDescriptors old = MappedDescriptors.open(file);
      if (old.rows() == rows && old.dim() == dim) {
        return; // the same seed made the same vectors in an earlier run
      }
    }
    generate(file, rows, dim, seed, stream);
    try {
      Files.writeString(file.resolveSibling(file.getFileName() + ".done"), "seed " + seed + "\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void generate(Path file, int rows, int dim, long seed, int stream) {
    int perStreet = PLACES_PER_STREET * VIEWS_PER_PLACE;
    int streets = Math.max(1, rows / perStreet);
    double sigma = SPREAD / Math.sqrt(dim);
    DescriptorFileWriter.write(file, dim, out -> {
      SplittableRandom pick = new SplittableRandom(seed * 31 + stream);
      float[] row = new float[dim];
      int cachedStreet = -1;
      double[][] places = null;
      for (int i = 0; i < rows; i++) {
        int street = stream == 0 ? i / perStreet % streets : pick.nextInt(streets);
        int place = stream == 0 ? i / VIEWS_PER_PLACE % PLACES_PER_STREET : pick.nextInt(PLACES_PER_STREET);
        if (street != cachedStreet) {
          places = street(seed, street, dim);
          cachedStreet = street;
        }
        SplittableRandom noise = new SplittableRandom(pick.nextLong());
        double sq = 0;
        for (int j = 0; j < dim; j++) {
          double v = places[place][j] + sigma * Gaussian.next(noise);
          row[j] = (float) v;
          sq += v * v;
        }
        float inv = (float) (1 / Math.sqrt(sq));
        for (int j = 0; j < dim; j++) {
          row[j] *= inv;
        }
        out.append(row, 0, 1);
      }
    });
  }

  /**
   * The places of one street: a random centre, and a random walk from it, one step per place, so
   * places along a street are the more alike the nearer they are (as photographs along a street).
   */
  private static double[][] street(long seed, int street, int dim) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + street);
    double scale = 1 / Math.sqrt(dim);
    double[][] places = new double[PLACES_PER_STREET][dim];
    for (int j = 0; j < dim; j++) {
      places[0][j] = Gaussian.next(r) * scale;
    }
    for (int p = 1; p < PLACES_PER_STREET; p++) {
      for (int j = 0; j < dim; j++) {
        places[p][j] = places[p - 1][j] + STEP * Gaussian.next(r) * scale;
      }
    }
    return places;
  }

  /** Distances from the first 100 queries to their 1st and k-th nearest and to random database vectors. */
  static String neighbourStats(DescriptorStore db, DescriptorStore q, int k) {
    int n = Math.min(100, q.rows());
    SearchResult r;
    try (ExactSearch search = new ExactSearch()) {
      r = search.search(q.rows(0, n), db, k);
    }
    double first = 0;
    double kth = 0;
    double random = 0;
    SplittableRandom pick = new SplittableRandom(5);
    for (int i = 0; i < n; i++) {
      first += r.distances()[i][0];
      kth += r.distances()[i][k - 1];
      random += org.vpr4j.eval.VectorDistance.euclidean(q.row(i), db.row(pick.nextInt(db.rows())));
    }
    return String.format(Locale.ROOT, "- Data: %d streets x %d places x %d views on the unit sphere in %d-D"
        + " (step between places %.2f, view spread %.2f, of the street centre's scale). Over %d queries, the mean"
        + " distance to the 1st neighbour is %.3f, to the %d-th %.3f, to a random database vector %.3f.%n",
        db.rows() / (PLACES_PER_STREET * VIEWS_PER_PLACE), PLACES_PER_STREET, VIEWS_PER_PLACE, db.dim(), STEP,
        SPREAD, n, first / n, k, kth / n, random / n);
  }

  private static List<Row> faiss(String python, Path db, Path q, Sizes s) throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("vpr4j.home", "."), "scripts", "bench_scale_faiss.py");
    Path log = Files.createTempFile("vpr4j-faiss", ".log");
    try {
      Process p = new ProcessBuilder(python, script.toString(), db.toString(), q.toString(),
          Integer.toString(s.k()), Integer.toString(s.ann().m()), Integer.toString(s.ann().efConstruction()),
          efList(s.ef(), s.k()), Integer.toString(Runtime.getRuntime().availableProcessors()),
          Integer.toString(s.dim()), Integer.toString(s.dim())).redirectErrorStream(true).redirectOutput(log.toFile())
          .start();
      if (p.waitFor() != 0) {
        throw new VprException("bench scale: the faiss side failed (" + script + "):\n" + Files.readString(log));
      }
      String[] lines = Files.readString(log, StandardCharsets.UTF_8).strip().split("\n");
      JsonNode r = new ObjectMapper().readTree(lines[lines.length - 1]);
      String v = r.get("faiss_version").asText();
      List<Row> out = new ArrayList<>();
      out.add(new Row("faiss " + v + " IndexFlatL2 " + s.dim() + "-D", r.get("flat_build_s").asDouble(),
          Files.size(db), r.get("flat_rss_mb").asDouble(), Double.NaN, s.queries() / r.get("flat_search_s").asDouble(),
          1));
      for (JsonNode e : r.get("hnsw")) {
        int ef = e.get("ef").asInt();
        out.add(new Row(String.format(Locale.ROOT, "faiss %s IndexHNSWFlat (M %d, efC %d, ef %d)", v, s.ann().m(),
            s.ann().efConstruction(), ef), r.get("hnsw_build_s").asDouble(), 0, r.get("hnsw_rss_mb").asDouble(),
            Double.NaN, s.queries() / e.get("search_s").asDouble(), e.get("recall").asDouble()));
      }
      return out;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String efList(int ef, int k) {
    return java.util.Arrays.stream(efSweep(ef, k)).mapToObj(Integer::toString)
        .collect(java.util.stream.Collectors.joining(","));
  }

  private static String table(Sizes s, List<Row> rows) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d database vectors, %d queries, top %d%n%n",
        s.database(), s.queries(), s.k()));
    b.append("| method | build (s) | size on disk (MB) | peak RSS (MB) | queries/s, first pass | queries/s, warm (mean"
        + " of at least " + WARM_PASSES + " passes and " + (int) WARM_SECONDS + " s) |"
        + " recall of exact top-").append(s.k()).append(" |\n|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %.0f | %s | %.1f | %.3f |%n", r.method(),
          r.buildSeconds(), r.bytesOnDisk() > 0 ? String.format(Locale.ROOT, "%.0f", r.bytesOnDisk() / 1e6) : "-",
          r.peakRssMb(), Double.isNaN(r.firstQps()) ? "-" : String.format(Locale.ROOT, "%.1f", r.firstQps()), r.qps(),
          r.recall()));
    }
    return b.toString();
  }

  /** Peak resident memory of this process since the last reset (Linux: VmHWM, reset through clear_refs). */
  static final class Peak {
    static void reset() {
      try {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      } catch (IOException | SecurityException e) {
        // Not Linux or not allowed: the figure is then the peak since the process started.
      }
    }

    static double mb() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("VmHWM:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
          }
        }
      } catch (IOException e) {
        return Double.NaN;
      }
      return Double.NaN;
    }
  }

  /** Removes a benchmark folder. */
  static final class AtomicDelete {
    static void folder(Path p) throws IOException {
      org.vpr4j.io.AtomicFiles.deleteRecursively(p);
    }
  }
}
