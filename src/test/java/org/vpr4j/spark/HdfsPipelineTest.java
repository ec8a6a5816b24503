package org.vpr4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;
import org.vpr4j.cli.SparkMain;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.RunFolder;
import org.vpr4j.query.ann.AnnIndex;
import org.vpr4j.query.ann.AnnSettings;

/**
 * The Spark jobs on a real HDFS (a one-datanode MiniDFSCluster under target/): images read from
 * it, extracts, search results and HNSW shards written to it, each compared with the same job on
 * local folders.
 */
class HdfsPipelineTest {
  static final String MASTER = SparkPipelineTest.MASTER;
  @TempDir static java.nio.file.Path dir;
  static java.nio.file.Path data;
  static RunFolder run;
  static File hdfsFolder;
  static MiniDFSCluster cluster;
  /** {@code hdfs://localhost:PORT}. */
  static String hdfs;
  static int dim;
  static final List<String> HADOOP_LOGGERS = List.of("org.apache.hadoop", "BlockStateChange");
  static final Map<String, Level> logLevels = new HashMap<>();

  @BeforeAll
  static void cityModelAndHdfs() throws Exception {
    data = TinyData.utmFolders(dir.resolve("data"), "tiny", 15, 3);
    run = TinyData.runFolder(dir.resolve("run"), "tiny-hdfs", 8, "[]", 1);
    dim = GraphConfig.of(run).model().descriptorDim();
    hdfsFolder = Files.createTempDirectory(Files.createDirectories(java.nio.file.Path.of("target")), "minidfs-")
        .toAbsolutePath().toFile();
    // The NameNode and DataNode log every block at INFO: thousands of lines that hide the jobs' own.
    for (String logger : HADOOP_LOGGERS) {
      logLevels.put(logger, LogManager.getLogger(logger).getLevel());
      Configurator.setLevel(logger, Level.WARN);
    }
    Configuration conf = new Configuration();
    conf.setBoolean("dfs.webhdfs.enabled", false);
    // A closing client polls the NameNode until the DataNode reported the block, first after 400 ms;
    // every FileSystem of this JVM shares this configuration (FileSystem's cache).
    conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 10);
    cluster = new MiniDFSCluster.Builder(conf, hdfsFolder).numDataNodes(1).build();
    cluster.waitActive();
    hdfs = cluster.getURI().toString();
    // The split's images, and the extracts every test compares with: on local folders and on HDFS.
    cluster.getFileSystem().copyFromLocalFile(new Path(data.resolve("images/tiny").toUri()), new Path("/city"));
    extract("database", dir.resolve("db").toString());
    extract("queries", dir.resolve("q").toString());
    extract("database", hdfs + "/out/db");
    extract("queries", hdfs + "/out/q");
  }

  @AfterAll
  static void stopAll() throws Exception {
    SparkSessions.stop();
    if (cluster != null) {
      cluster.close();
    }
    AtomicFiles.deleteRecursively(hdfsFolder.toPath());
    Configurator.setLevel(logLevels);
  }

  /** {@code command} on the tiny split, with {@code rest}. */
  static String[] split(String command, String... rest) {
    return SparkPipelineTest.cat(new String[] {command, "--dataset", data.toString(), "--layout", "utm", "--split",
        "tiny"}, rest);
  }

  static void extract(String which, String out) {
    assertEquals(0, SparkMain.run(split("extract", "--run", run.root().toString(), "--master", MASTER, "--which",
        which, "--out", out, "--batch-size", "4", "--partitions", "3")));
  }

  static int search(String queries, String database, String out, String... more) {
    return SparkMain.run(SparkPipelineTest.cat(new String[] {"search", "--queries", queries, "--database", database,
        "--top-k", "25", "--query-block", "8", "--out", out, "--master", MASTER}, more));
  }

  static List<Row> rows(String parquet, String... order) {
    return SparkSessions.get(MASTER).read().parquet(parquet).orderBy(order[0], Arrays.copyOfRange(order, 1,
        order.length)).collectAsList();
  }

  /** An extract's descriptors by image file name. */
  static Map<String, float[]> byName(String extract) {
    Map<String, float[]> all = new HashMap<>();
    for (Row r : rows(extract, "index")) {
      String path = r.getString(r.fieldIndex("path"));
      all.put(path.substring(path.lastIndexOf('/') + 1), SparkPipelineTest.column(List.of(r), "descriptor", dim));
    }
    return all;
  }

  static void assertSameDescriptors(String expected, String got) {
    Map<String, float[]> want = byName(expected);
    Map<String, float[]> have = byName(got);
    assertEquals(want.keySet(), have.keySet(), got);
    for (Map.Entry<String, float[]> e : want.entrySet()) {
      for (int j = 0; j < dim; j++) {
        assertEquals(e.getValue()[j], have.get(e.getKey())[j], 1e-6, got + ": " + e.getKey() + " element " + j);
      }
    }
  }

  /** Same neighbours at the same ranks; distances compared squared (see SparkPipelineTest). */
  static void assertSameNeighbours(String expected, String got, double squaredTolerance) {
    List<Row> want = rows(expected, "query_index", "rank");
    List<Row> have = rows(got, "query_index", "rank");
    assertEquals(want.size(), have.size());
    for (int i = 0; i < want.size(); i++) {
      Row a = want.get(i);
      Row b = have.get(i);
      assertEquals(a.getLong(a.fieldIndex("database_index")), b.getLong(b.fieldIndex("database_index")), "row " + i);
      float da = a.getFloat(a.fieldIndex("distance"));
      float db = b.getFloat(b.fieldIndex("distance"));
      assertEquals(da * da, db * db, squaredTolerance, "squared distance, row " + i);
    }
  }

  static JsonNode recallOfSparkEvaluate() throws Exception {
    return GraphConfig.json().readTree(run.reports().resolve("test-data_tiny-init-spark.json").toFile()).get("recall");
  }

  @Test
  void imagesExtractsAndSearchResultsOnHdfsGiveTheLocalFoldersResults() throws Exception {
    DistributedFileSystem fs = cluster.getFileSystem();
    // Extracts on HDFS describe as on local folders.
    assertTrue(fs.exists(new Path("/out/db/" + ExtractJob.DONE)));
    assertSameDescriptors(dir.resolve("db").toString(), hdfs + "/out/db");
    assertSameDescriptors(dir.resolve("q").toString(), hdfs + "/out/q");

    // Images on HDFS: the database listed by a text file of hdfs:// paths (in the split's order),
    // the queries as a folder.
    StringBuilder list = new StringBuilder();
    for (Row r : rows(dir.resolve("db").toString(), "index")) {
      String path = r.getString(r.fieldIndex("path"));
      list.append(hdfs).append("/city/database/").append(path.substring(path.lastIndexOf('/') + 1)).append('\n');
    }
    try (OutputStream out = fs.create(new Path("/city/database.txt"))) {
      out.write(list.toString().getBytes(StandardCharsets.UTF_8));
    }
    String[] base = {"extract", "--run", run.root().toString(), "--master", MASTER, "--batch-size", "4",
        "--partitions", "3"};
    assertEquals(0, SparkMain.run(SparkPipelineTest.cat(base, "--list", hdfs + "/city/database.txt", "--out",
        hdfs + "/out/db-listed")));
    assertEquals(0, SparkMain.run(SparkPipelineTest.cat(base, "--images", hdfs + "/city/queries", "--out",
        hdfs + "/out/q-folder")));
    assertSameDescriptors(dir.resolve("db").toString(), hdfs + "/out/db-listed");
    assertSameDescriptors(dir.resolve("q").toString(), hdfs + "/out/q-folder");
    List<Row> listed = rows(hdfs + "/out/db-listed", "index");
    assertEquals(list.toString().lines().toList(), listed.stream().map(r -> r.getString(r.fieldIndex("path")))
        .toList(), "rows in the list's order, named by their hdfs:// paths");

    // Exact search and evaluate: the local folders' neighbours and recall.
    assertEquals(0, search(dir.resolve("q").toString(), dir.resolve("db").toString(), dir.resolve("found").toString()));
    assertEquals(0, SparkMain.run(split("evaluate", "--run", run.root().toString(), "--search",
        dir.resolve("found").toString(), "--master", MASTER)));
    JsonNode localRecall = recallOfSparkEvaluate();
    assertEquals(0, search(hdfs + "/out/q", hdfs + "/out/db", hdfs + "/out/found"));
    assertSameNeighbours(dir.resolve("found").toString(), hdfs + "/out/found", 1e-6);
    assertEquals(0, SparkMain.run(split("evaluate", "--run", run.root().toString(), "--search", hdfs + "/out/found",
        "--master", MASTER)));
    assertEquals(localRecall, recallOfSparkEvaluate(), "recall@N of the search on HDFS");

    // Existing outputs on HDFS are refused without --overwrite, and left as they were.
    long foundTime = fs.getFileStatus(new Path("/out/found/" + SearchJob.DONE)).getModificationTime();
    SparkPipelineTest.assertError("output " + hdfs + "/out/found already exists", "search", "--queries",
        hdfs + "/out/q", "--database", hdfs + "/out/db", "--top-k", "5", "--out", hdfs + "/out/found", "--master",
        MASTER);
    SparkPipelineTest.assertError("already holds a complete extract", split("extract", "--run",
        run.root().toString(), "--master", MASTER, "--which", "database", "--out", hdfs + "/out/db", "--batch-size",
        "4", "--partitions", "3"));
    assertEquals(foundTime, fs.getFileStatus(new Path("/out/found/" + SearchJob.DONE)).getModificationTime());
    assertEquals(0, SparkMain.run("search", "--queries", hdfs + "/out/q", "--database", hdfs + "/out/db", "--top-k",
        "5", "--out", hdfs + "/out/found", "--overwrite", "--master", MASTER));
    assertEquals(15 * 5, rows(hdfs + "/out/found", "query_index").size());
    for (FileStatus f : fs.listStatus(new Path("/out"))) {
      assertFalse(f.getPath().getName().startsWith("."), "temporary left in /out: " + f.getPath());
    }
  }

  @Test
  void hnswShardsLiveBesideAnExtractOnHdfsAndAreCopiedOncePerExecutor() throws Exception {
    DistributedFileSystem fs = cluster.getFileSystem();
    assertEquals(0, search(dir.resolve("q").toString(), dir.resolve("db").toString(),
        dir.resolve("hnsw-found").toString(), "--ann", "hnsw"));
    long before = localCopies();
    String printed = SparkPipelineTest.captureOut(() -> assertEquals(0, search(hdfs + "/out/q", hdfs + "/out/db",
        hdfs + "/out/hnsw-found", "--ann", "hnsw")));
    assertTrue(printed.contains("HNSW (3 shards built)"), printed);
    assertSameNeighbours(dir.resolve("hnsw-found").toString(), hdfs + "/out/hnsw-found", 1e-6);
    Path side = new Path("/out/db.descriptor.hnsw");
    assertEquals(List.of("shard-0000000000", "shard-0000000010", "shard-0000000020"),
        Arrays.stream(fs.listStatus(side)).map(f -> f.getPath().getName()).sorted().toList(),
        "the shards, whole, and no temporaries");

    // Local mode: this JVM is the executor; it holds one copy of each shard, also after a second search.
    assertEquals(before + 3, localCopies());
    printed = SparkPipelineTest.captureOut(() -> assertEquals(0, search(hdfs + "/out/q", hdfs + "/out/db",
        hdfs + "/out/hnsw-found", "--ann", "hnsw", "--overwrite")));
    assertTrue(printed.contains("HNSW (0 shards built)"), printed);
    assertEquals(before + 3, localCopies());
    // Rebuilt shards are copied anew, not served from the old copies.
    fs.delete(side, true);
    printed = SparkPipelineTest.captureOut(() -> assertEquals(0, search(hdfs + "/out/q", hdfs + "/out/db",
        hdfs + "/out/hnsw-found", "--ann", "hnsw", "--overwrite")));
    assertTrue(printed.contains("HNSW (3 shards built)"), printed);
    assertEquals(before + 6, localCopies());
    assertSameNeighbours(dir.resolve("hnsw-found").toString(), hdfs + "/out/hnsw-found", 1e-6);

    // Shards of another database (the queries' extract searched as a database) are refused, named.
    assertTrue(FileUtil.copy(fs, side, fs, new Path("/out/q.descriptor.hnsw"), false, fs.getConf()));
    CapturedRun refused = CapturedRun.of(SparkMain::run, "search", "--queries", hdfs + "/out/q", "--database",
        hdfs + "/out/q", "--top-k", "3", "--ann", "hnsw", "--out", hdfs + "/out/hnsw-refused", "--master", MASTER);
    assertEquals(Main.EXIT_USAGE, refused.exitCode(), refused.all());
    assertTrue(refused.err().matches("(?s).*HNSW shard " + hdfs + "/out/q\\.descriptor\\.hnsw/shard-\\d{10}"
        + " was built from other descriptors or settings \\(listingSha256.*"), refused.all());
    assertFalse(fs.exists(new Path("/out/hnsw-refused")));
  }

  @Test
  void aFailedUploadLeavesNoShardAndATakenNameIsKept() throws Exception {
    DistributedFileSystem fs = cluster.getFileSystem();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkSessions.get(MASTER).sparkContext());
    Path side = new Path("/upload/db.descriptor.hnsw");
    ShardStore store = new RemoteShards(hdfs + side, sc.broadcast(new SerializableWritable<>(fs.getConf())));
    float[] vectors = new float[20 * 8];
    Random r = new Random(7);
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = r.nextFloat();
    }
    Map<String, String> fingerprint = Map.of("what", "20 random vectors");
    java.util.function.Consumer<java.nio.file.Path> build = folder -> AnnIndex.build(new InMemoryDescriptors(20, 8,
        vectors), folder, new AnnSettings(8, 20, false, 0), fingerprint);

    // A namespace quota (the folder, the upload's temporary folder and one file) stops the upload midway.
    fs.mkdirs(side);
    fs.setQuota(side, 3, HdfsConstants.QUOTA_DONT_SET);
    RuntimeException e = assertThrows(RuntimeException.class, () -> store.publish("shard-0000000000", build));
    assertTrue(e.getMessage().contains("cannot publish HNSW shard " + hdfs + side + "/shard-0000000000"),
        e.getMessage());
    assertEquals(0, fs.listStatus(side).length, "neither a shard nor a temporary");
    assertFalse(store.has("shard-0000000000"));

    fs.setQuota(side, HdfsConstants.QUOTA_RESET, HdfsConstants.QUOTA_DONT_SET);
    store.publish("shard-0000000000", build);
    assertTrue(store.has("shard-0000000000"));
    FileStatus[] published = fs.listStatus(new Path(side, "shard-0000000000"));
    // A second build of a published shard (another attempt of its task) leaves the first in place.
    store.publish("shard-0000000000", build);
    assertEquals(1, fs.listStatus(side).length);
    FileStatus[] kept = fs.listStatus(new Path(side, "shard-0000000000"));
    assertEquals(published.length, kept.length);
    for (int i = 0; i < kept.length; i++) {
      assertEquals(published[i].getModificationTime(), kept[i].getModificationTime(), kept[i].getPath().toString());
    }
    try (AnnIndex ann = AnnIndex.open(store.local("shard-0000000000"))) {
      assertEquals(20, ann.size());
      assertEquals("20 random vectors", ann.commitData().get("what"));
    }
  }

  /** Shard copies in this JVM's cache (RemoteShards.localRoot). */
  static long localCopies() throws Exception {
    if (!Files.isDirectory(RemoteShards.localRoot())) {
      return 0;
    }
    try (var copies = Files.list(RemoteShards.localRoot())) {
      return copies.filter(p -> p.getFileName().toString().startsWith("shard-")).count();
    }
  }
}
