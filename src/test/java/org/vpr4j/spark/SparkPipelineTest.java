package org.vpr4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;
import org.vpr4j.cli.SparkMain;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.eval.pca.PcaFile;
import org.vpr4j.eval.pca.PcaLearner;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.Bf16Support;
import org.vpr4j.query.IndexFile;
import org.vpr4j.query.PlaceIndex;

/**
 * The Spark jobs in local mode, end to end on a tiny city against the single-process commands:
 * extract gives {@code query index}'s descriptors, search and evaluate give {@code vpr4j test}'s
 * recall and the same report files; and bad input stops with exit code 2 and one message.
 */
class SparkPipelineTest {
  static final String MASTER = "local[2]";
  @TempDir static Path dir;
  static Path data;
  static RunFolder run;

  @BeforeAll
  static void cityAndModel() throws Exception {
    data = TinyData.utmFolders(dir.resolve("data"), "tiny", 15, 3);
    run = TinyData.runFolder(dir.resolve("run"), "tiny-spark", 8, "[]", 1);
  }

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  static String[] split(String... rest) {
    String[] base = {"--dataset", data.toString(), "--layout", "utm", "--split", "tiny"};
    String[] all = new String[base.length + rest.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(rest, 0, all, base.length, rest.length);
    return all;
  }

  static String[] cat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  static void extract(String which, Path out, String... more) {
    assertEquals(0, SparkMain.run(cat(cat(new String[] {"extract", "--run", run.root().toString(), "--master", MASTER,
        "--which", which, "--out", out.toString(), "--batch-size", "4", "--partitions", "3"}, split()), more)));
  }

  @Test
  void extractSearchEvaluateMatchTheSingleProcessCommands() throws Exception {
    Path db = dir.resolve("db");
    Path q = dir.resolve("q");
    extract("database", db);
    extract("queries", q);

    // Descriptors equal query index's (same model, same images, same batching code).
    Path index = dir.resolve("tiny.h5");
    assertEquals(0, Main.run(cat(new String[] {"query", "index", "--run", run.root().toString(), "--out",
        index.toString(), "--batch-size", "4"}, split())));
    PlaceIndex reference = IndexFile.read(index);
    SparkSession spark = SparkSessions.get(MASTER);
    List<Row> rows = spark.read().parquet(db.toString()).orderBy("index").collectAsList();
    assertEquals(reference.size(), rows.size());
    int dim = reference.descriptorDim();
    float[] expected = new float[reference.size() * dim];
    reference.descriptors().read(0, reference.size(), FloatBuffer.wrap(expected));
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      assertEquals(i, r.getLong(r.fieldIndex("index")));
      assertEquals(reference.database().images().get(i).toString(), r.getString(r.fieldIndex("path")));
      assertEquals(reference.database().utm()[i][0], r.getDouble(r.fieldIndex("easting")));
      List<Float> d = r.getList(r.fieldIndex("descriptor"));
      assertEquals(dim, d.size());
      for (int j = 0; j < dim; j++) {
        assertEquals(expected[i * dim + j], d.get(j), 1e-6, "row " + i + " element " + j);
      }
    }
    assertEquals(3, Files.list(db).filter(p -> p.getFileName().toString().endsWith(".parquet")).count());

    Path found = dir.resolve("found");
    assertEquals(0, SparkMain.run("search", "--queries", q.toString(), "--database", db.toString(), "--top-k", "25",
        "--query-block", "4", "--out", found.toString(), "--master", MASTER));
    assertEquals(0, SparkMain.run(cat(new String[] {"evaluate", "--run", run.root().toString(), "--search",
        found.toString(), "--master", MASTER}, split())));
    assertEquals(0, Main.run(cat(new String[] {"test", "--run", run.root().toString(), "--batch-size", "4"}, split())));

    JsonNode single = GraphConfig.json().readTree(run.reports().resolve("test-data_tiny-init.json").toFile());
    JsonNode spark2 = GraphConfig.json().readTree(run.reports().resolve("test-data_tiny-init-spark.json").toFile());
    assertEquals(single.get("recall"), spark2.get("recall"), "recall@N of spark evaluate and vpr4j test");
    assertEquals(single.get("queriesWithoutPositives"), spark2.get("queriesWithoutPositives"));
    assertEquals(15, spark2.get("numQ").asInt());
    assertEquals(30, spark2.get("numDb").asInt());
    assertTrue(Files.isRegularFile(run.reports().resolve("test-data_tiny-init-spark.md")));
    assertTrue(Files.readString(run.reports().resolve("test-data_tiny-init-spark.html")).contains("Recall@N"));
    assertTrue(Files.isRegularFile(run.reports().resolve("test-data_tiny-init-spark_files/recall.png")));

    // Rank 1 of every query is its nearest database image, as the single-process search finds it.
    List<Row> top = spark.read().parquet(found.toString()).where("rank = 1").orderBy("query_index").collectAsList();
    assertEquals(15, top.size());

    // A second run over a complete output is refused; --overwrite replaces it.
    assertError("already holds a complete extract", cat(new String[] {"extract", "--run", run.root().toString(),
        "--master", MASTER, "--out", db.toString(), "--partitions", "3", "--batch-size", "4"}, split()));
    assertError("already exists", "search", "--queries", q.toString(), "--database", db.toString(), "--top-k", "5",
        "--out", found.toString(), "--master", MASTER);
    assertEquals(0, SparkMain.run("search", "--queries", q.toString(), "--database", db.toString(), "--top-k", "5",
        "--out", found.toString(), "--master", MASTER, "--overwrite"));
    assertEquals(15 * 5, spark.read().parquet(found.toString()).count());
  }

  @Test
  void withTheRunsPcaExtractAddsPcaDescriptorsAndSearchCanUseThem() throws Exception {
    // A run of its own, so that its PCA does not change what the other tests compare.
    RunFolder pcaRun = TinyData.runFolder(dir.resolve("pca-run"), "tiny-spark", 8, "[]", 1);
    Path fullIndex = dir.resolve("pca-full.h5");
    assertEquals(0, Main.run(cat(new String[] {"query", "index", "--run", pcaRun.root().toString(), "--out",
        fullIndex.toString(), "--batch-size", "4", "--pca", "none"}, split())));
    // Learned as 'vpr4j pca' learns, but to 8 dimensions: its smallest offered one (256) needs more images.
    float[] full = matrix(IndexFile.read(fullIndex));
    int fullDim = IndexFile.read(fullIndex).descriptorDim();
    Pca pca = PcaLearner.learn(new InMemoryDescriptors(30, fullDim, full), 8, PcaLearner.Settings.defaults(8), true,
        Map.of("source", "tiny database"));
    PcaFile.write(pcaRun.pca(), pca);

    Path db = dir.resolve("pca-db");
    Path q = dir.resolve("pca-q");
    Path qWithout = dir.resolve("pca-q-none");
    String[] base = {"extract", "--run", pcaRun.root().toString(), "--master", MASTER, "--batch-size", "4",
        "--partitions", "3"};
    assertTrue(captureOut(() -> assertEquals(0, SparkMain.run(cat(cat(base, "--which", "database", "--out",
        db.toString()), split())))).contains("pca8w in pca_descriptor"));
    assertEquals(0, SparkMain.run(cat(cat(base, "--which", "queries", "--out", q.toString()), split())));
    assertEquals(0, SparkMain.run(cat(cat(base, "--which", "queries", "--out", qWithout.toString(), "--pca", "none"),
        split())));

    // pca_descriptor equals query index's descriptors with the run's PCA; descriptor stays the full one.
    Path pcaIndex = dir.resolve("pca-index.h5");
    assertEquals(0, Main.run(cat(new String[] {"query", "index", "--run", pcaRun.root().toString(), "--out",
        pcaIndex.toString(), "--batch-size", "4"}, split())));
    PlaceIndex reference = IndexFile.read(pcaIndex);
    assertEquals(8, reference.descriptorDim());
    float[] projected = matrix(reference);
    SparkSession spark = SparkSessions.get(MASTER);
    List<Row> rows = spark.read().parquet(db.toString()).orderBy("index").collectAsList();
    assertEquals(30, rows.size());
    float[] dbPca = column(rows, "pca_descriptor", 8);
    float[] dbFull = column(rows, "descriptor", fullDim);
    for (int i = 0; i < projected.length; i++) {
      assertEquals(projected[i], dbPca[i], 1e-6, "pca_descriptor element " + i);
    }
    for (int i = 0; i < full.length; i++) {
      assertEquals(full[i], dbFull[i], 1e-6, "descriptor element " + i);
    }
    assertFalse(List.of(spark.read().parquet(qWithout.toString()).columns()).contains("pca_descriptor"));

    // Search on the PCA column ranks as the exact search on those vectors.
    Path found = dir.resolve("pca-found");
    assertEquals(0, SparkMain.run("search", "--queries", q.toString(), "--database", db.toString(), "--column",
        "pca_descriptor", "--top-k", "5", "--query-block", "4", "--out", found.toString(), "--master", MASTER));
    float[] qPca = column(spark.read().parquet(q.toString()).orderBy("index").collectAsList(), "pca_descriptor", 8);
    SearchResult exact;
    try (ExactSearch search = new ExactSearch()) {
      exact = search.search(new InMemoryDescriptors(15, 8, qPca), new InMemoryDescriptors(30, 8, dbPca), 5);
    }
    List<Row> hits = spark.read().parquet(found.toString()).orderBy("query_index", "rank").collectAsList();
    assertEquals(15 * 5, hits.size());
    for (Row h : hits) {
      int qi = (int) h.getLong(h.fieldIndex("query_index"));
      int r = h.getInt(h.fieldIndex("rank")) - 1;
      assertEquals(exact.indices()[qi][r], h.getLong(h.fieldIndex("database_index")), "query " + qi + " rank " + r);
      assertEquals(exact.distances()[qi][r], h.getFloat(h.fieldIndex("distance")), 1e-5);
    }

    // Evaluated, it gives vpr4j test's recall with the run's PCA, in reports labelled as test labels them.
    Path found25 = dir.resolve("pca-found25");
    assertEquals(0, SparkMain.run("search", "--queries", q.toString(), "--database", db.toString(), "--column",
        "pca_descriptor", "--top-k", "25", "--out", found25.toString(), "--master", MASTER));
    assertEquals(0, SparkMain.run(cat(new String[] {"evaluate", "--run", pcaRun.root().toString(), "--search",
        found25.toString(), "--master", MASTER}, split())));
    assertEquals(0, Main.run(cat(new String[] {"test", "--run", pcaRun.root().toString(), "--batch-size", "4"},
        split())));
    JsonNode single = GraphConfig.json().readTree(pcaRun.reports().resolve("test-data_tiny-init-pca8w.json").toFile());
    JsonNode viaSpark = GraphConfig.json().readTree(pcaRun.reports().resolve("test-data_tiny-init-pca8w-spark.json")
        .toFile());
    assertEquals(single.get("recall"), viaSpark.get("recall"), "recall@N on PCA descriptors");

    // Queries extracted without a PCA have no such column.
    assertError("has no column pca_descriptor", "search", "--queries", qWithout.toString(), "--database",
        db.toString(), "--column", "pca_descriptor", "--top-k", "5", "--out", dir.resolve("pca-refused").toString(),
        "--master", MASTER);
    assertFalse(Files.exists(dir.resolve("pca-refused")));
  }

  @Test
  void anExportedSavedModelDescribesAsTheRunFolderAndSearchesWithIt() throws Exception {
    Path export = dir.resolve("export");
    assertEquals(0, Main.run(cat(new String[] {"export", "--run", run.root().toString(), "--out", export.toString(),
        "--pca", "none", "--check-images", "2"}, split())));
    Path fromRun = dir.resolve("form-run-db");
    Path fromExport = dir.resolve("form-export-db");
    extract("database", fromRun);
    assertEquals(0, SparkMain.run(cat(new String[] {"extract", "--savedmodel", export.toString(), "--master", MASTER,
        "--which", "database", "--out", fromExport.toString(), "--batch-size", "4", "--partitions", "2"}, split())));
    SparkSession spark = SparkSessions.get(MASTER);
    int dim = GraphConfig.of(run).model().descriptorDim();
    float[] expected = column(spark.read().parquet(fromRun.toString()).orderBy("index").collectAsList(), "descriptor",
        dim);
    float[] got = column(spark.read().parquet(fromExport.toString()).orderBy("index").collectAsList(), "descriptor",
        dim);
    assertEquals(expected.length, got.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], got[i], 1e-6, "descriptor element " + i);
    }
    // Same weights (the export records its checkpoint's SHA-256): queries from the run folder search it.
    Path q = dir.resolve("form-run-q");
    extract("queries", q);
    assertEquals(0, SparkMain.run("search", "--queries", q.toString(), "--database", fromExport.toString(),
        "--top-k", "3", "--out", dir.resolve("form-found").toString(), "--master", MASTER));

    assertError("is not a SavedModel exported by 'vpr4j export'", cat(new String[] {"extract", "--savedmodel",
        run.root().toString(), "--master", MASTER, "--out", dir.resolve("form-x").toString()}, split()));
    assertError("exactly one of --run DIR or --savedmodel DIR", cat(new String[] {"extract", "--savedmodel",
        export.toString(), "--run", run.root().toString(), "--master", MASTER, "--out",
        dir.resolve("form-x").toString()}, split()));
    assertError("--precision bf16 takes a run folder", cat(new String[] {"extract", "--savedmodel", export.toString(),
        "--precision", "bf16", "--master", MASTER, "--out", dir.resolve("form-x").toString()}, split()));
    assertFalse(Files.exists(dir.resolve("form-x")));
  }

  @Test
  void hnswShardsFindTheExactNeighboursAndAreRefusedForOtherDescriptors() throws Exception {
    Path db = dir.resolve("ann-db");
    Path q = dir.resolve("ann-q");
    extract("database", db);
    extract("queries", q);
    Path exact = dir.resolve("ann-exact");
    Path approximate = dir.resolve("ann-found");
    assertEquals(0, SparkMain.run("search", "--queries", q.toString(), "--database", db.toString(), "--top-k", "5",
        "--out", exact.toString(), "--master", MASTER));
    String printed = captureOut(() -> assertEquals(0, SparkMain.run("search", "--queries", q.toString(), "--database",
        db.toString(), "--top-k", "5", "--ann", "hnsw", "--out", approximate.toString(), "--master", MASTER)));
    assertTrue(printed.contains("HNSW (3 shards built)"), printed);
    Path shards = shardFolder(db);
    assertEquals(3, Files.list(shards).count());
    // ef (100) is above every shard's rows (10): every row is a candidate, re-ranked exactly, so
    // the merged top 5 is the exact one (recall 1.0), on any CPU.
    SparkSession spark = SparkSessions.get(MASTER);
    List<Row> want = spark.read().parquet(exact.toString()).orderBy("query_index", "rank").collectAsList();
    List<Row> got = spark.read().parquet(approximate.toString()).orderBy("query_index", "rank").collectAsList();
    assertEquals(15 * 5, got.size());
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i).getLong(want.get(i).fieldIndex("database_index")),
          got.get(i).getLong(got.get(i).fieldIndex("database_index")), "row " + i);
      // Exact search expands |q|^2 + |d|^2 - 2 q.d in float32, the re-ranking sums (q - d)^2: for
      // unit vectors they differ by a few float32 roundings of values near 1 (about 1e-7 each) in
      // the squared distance, which a square root near 0 magnifies; so squares are compared.
      float a = want.get(i).getFloat(want.get(i).fieldIndex("distance"));
      float b = got.get(i).getFloat(got.get(i).fieldIndex("distance"));
      assertEquals(a * a, b * b, 1e-5, "squared distance, row " + i);
    }
    // A second search uses the shards as they are.
    printed = captureOut(() -> assertEquals(0, SparkMain.run("search", "--queries", q.toString(), "--database",
        db.toString(), "--top-k", "5", "--ann", "hnsw", "--out", approximate.toString(), "--overwrite", "--master",
        MASTER)));
    assertTrue(printed.contains("HNSW (0 shards built)"), printed);

    // Shards walked in a 4-D projection of their own rows: the plain shards are refused for them;
    // built anew, they give the exact top 5 as well (every row is a candidate, re-ranked exactly).
    Path projected = dir.resolve("ann-projected");
    String[] projectedSearch = {"search", "--queries", q.toString(), "--database", db.toString(), "--top-k", "5",
        "--ann", "hnsw", "--hnsw-nav-dim", "4", "--out", projected.toString(), "--master", MASTER};
    assertError("(navDim 0, expected 4)", projectedSearch);
    AtomicFiles.deleteRecursively(shards);
    printed = captureOut(() -> assertEquals(0, SparkMain.run(projectedSearch)));
    assertTrue(printed.contains("HNSW (3 shards built)"), printed);
    List<Row> walkedInProjection = spark.read().parquet(projected.toString()).orderBy("query_index", "rank")
        .collectAsList();
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i).getLong(want.get(i).fieldIndex("database_index")),
          walkedInProjection.get(i).getLong(walkedInProjection.get(i).fieldIndex("database_index")), "row " + i);
    }
    assertError("--hnsw-nav-dim 100000) must be below", "search", "--queries", q.toString(), "--database",
        db.toString(), "--top-k", "5", "--ann", "hnsw", "--hnsw-nav-dim", "100000", "--out",
        dir.resolve("ann-wide").toString(), "--master", MASTER);

    // Shards of another database (here: the queries' extract searched as a database) are refused.
    copyFolder(shards, shardFolder(q));
    assertError("was built from other descriptors or settings (listingSha256", "search", "--queries", q.toString(),
        "--database", q.toString(), "--top-k", "3", "--ann", "hnsw", "--out", dir.resolve("ann-refused").toString(),
        "--master", MASTER);
    assertFalse(Files.exists(dir.resolve("ann-refused")));
  }

  @Test
  void bf16ExtractIsSelfCheckedOrRefusedWithoutAvx512() throws Exception {
    String[] base = cat(new String[] {"extract", "--run", run.root().toString(), "--master", MASTER, "--which",
        "queries", "--batch-size", "4", "--partitions", "2", "--precision", "bf16"}, split());
    if (!Bf16Support.available()) {
      assertError("needs a CPU with AVX-512", cat(base, "--out", dir.resolve("bf16-q").toString()));
      assertFalse(Files.exists(dir.resolve("bf16-q")));
      return;
    }
    // The self-check's floor holds for correct bf16 arithmetic on every CPU (Bf16SelfCheck).
    String printed = captureOut(() -> assertEquals(0, SparkMain.run(cat(base, "--out",
        dir.resolve("bf16-q").toString()))));
    assertTrue(printed.contains("executor bf16 self-check on 4 images: local-feature cosine to fp32"), printed);
    JsonNode done = GraphConfig.json().readTree(dir.resolve("bf16-q").resolve(ExtractJob.DONE).toFile());
    assertEquals("bf16", done.get("precision").asText());
    assertEquals(15, done.get("described").asInt());
    assertError("--bf16-min-cosine 2 is not a cosine floor", cat(base, "--out", dir.resolve("bf16-x").toString(),
        "--bf16-min-cosine", "2"));
  }

  /** The side folder of the HNSW shards of an extract's descriptor column (docs/spark.md). */
  static Path shardFolder(Path extract) {
    return extract.resolveSibling(extract.getFileName() + ".descriptor.hnsw");
  }

  static void copyFolder(Path from, Path to) throws java.io.IOException {
    try (var all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static float[] matrix(PlaceIndex index) {
    float[] m = new float[index.size() * index.descriptorDim()];
    index.descriptors().read(0, index.size(), FloatBuffer.wrap(m));
    return m;
  }

  static float[] column(List<Row> rows, String name, int dim) {
    float[] m = new float[rows.size() * dim];
    for (int i = 0; i < rows.size(); i++) {
      List<Float> d = rows.get(i).getList(rows.get(i).fieldIndex(name));
      assertEquals(dim, d.size());
      for (int j = 0; j < dim; j++) {
        m[i * dim + j] = d.get(j);
      }
    }
    return m;
  }

  @Test
  void anInterruptedExtractResumesWithTheMissingPartitionsOnly() throws Exception {
    Path out = dir.resolve("resume");
    extract("database", out);
    byte[] kept = Files.readAllBytes(out.resolve("part-00000.parquet"));
    long keptTime = Files.getLastModifiedTime(out.resolve("part-00000.parquet")).toMillis();
    byte[] lost = Files.readAllBytes(out.resolve("part-00002.parquet"));
    // As a killed job leaves it: no completion marker, one partition missing.
    Files.delete(out.resolve(ExtractJob.DONE));
    Files.delete(out.resolve("part-00002.parquet"));
    String printed = captureOut(() -> extract("database", out));
    assertTrue(printed.contains("3 partitions (1 run)"), printed);
    assertEquals(keptTime, Files.getLastModifiedTime(out.resolve("part-00000.parquet")).toMillis());
    assertTrue(java.util.Arrays.equals(kept, Files.readAllBytes(out.resolve("part-00000.parquet"))));
    assertTrue(java.util.Arrays.equals(lost, Files.readAllBytes(out.resolve("part-00002.parquet"))),
        "the re-run partition is byte for byte the same file");
  }

  @Test
  void unreadableImagesFailNamingThemOrAreSkippedAndListed() throws Exception {
    Path images = Files.createDirectories(dir.resolve("bad-images"));
    Path source = data.resolve("images/tiny/database");
    try (var files = Files.list(source)) {
      for (Path p : files.sorted().limit(5).toList()) {
        Files.copy(p, images.resolve(p.getFileName()));
      }
    }
    Path broken = images.resolve("@585999.00@4470000.00@broken@.png");
    Files.writeString(broken, "not an image");
    String[] base = {"extract", "--run", run.root().toString(), "--master", MASTER, "--images", images.toString(),
        "--partitions", "2", "--batch-size", "2"};
    assertError(broken.getFileName().toString(), cat(base, "--out", dir.resolve("bad-fail").toString()));
    assertFalse(Files.exists(dir.resolve("bad-fail").resolve(ExtractJob.DONE)));

    Path skipped = dir.resolve("bad-skip");
    assertEquals(0, SparkMain.run(cat(base, "--out", skipped.toString(), "--on-unreadable", "skip")));
    List<String> listed = Files.readAllLines(skipped.resolve(ExtractJob.SKIPPED));
    assertEquals(1, listed.size());
    assertTrue(listed.get(0).startsWith(broken.toString()), listed.get(0));
    assertEquals(5, SparkSessions.get(MASTER).read().parquet(skipped.toString()).count());
  }

  @Test
  void aMissingModelOrMixedDimensionsAreUsageErrors() throws Exception {
    assertError("run folder " + dir.resolve("no-such-run") + " does not exist", cat(new String[] {"extract", "--run",
        dir.resolve("no-such-run").toString(), "--master", MASTER, "--out", dir.resolve("x").toString()}, split()));
    assertError("exactly one of", "extract", "--run", run.root().toString(), "--out", dir.resolve("x").toString());

    // A database whose rows come from two models: 4-D and 3-D descriptors.
    Path q = dir.resolve("mixed-q");
    Path db = dir.resolve("mixed-db");
    SparkSession spark = SparkSessions.get(MASTER);
    StructType schema = new StructType().add("index", DataTypes.LongType, false).add("path", DataTypes.StringType)
        .add("descriptor", DataTypes.createArrayType(DataTypes.FloatType, false));
    spark.createDataFrame(List.of(RowFactory.create(0L, "q0.png", new float[] {1, 0, 0, 0})), schema)
        .write().parquet(q.toString());
    spark.createDataFrame(List.of(RowFactory.create(0L, "a.png", new float[] {1, 0, 0, 0}),
        RowFactory.create(1L, "b.png", new float[] {0, 1, 0})), schema).coalesce(1).write().parquet(db.toString());
    String done = "{\"checkpointSha256\":\"x\",\"model\":\"m\",\"checkpoint\":\"c\",\"seconds\":0}";
    Files.writeString(q.resolve(ExtractJob.DONE), done);
    Files.writeString(db.resolve(ExtractJob.DONE), done);
    assertError("b.png has a 3-D descriptor, but the queries' are 4-D", "search", "--queries", q.toString(),
        "--database", db.toString(), "--top-k", "1", "--out", dir.resolve("mixed-out").toString(), "--master", MASTER);
    assertFalse(Files.exists(dir.resolve("mixed-out")));
  }

  static String captureOut(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Runs a job, expecting exit code 2 and {@code part} in what it printed to stderr. */
  static void assertError(String part, String... args) {
    CapturedRun.assertUsageError(SparkMain::run, part, args);
  }
}
