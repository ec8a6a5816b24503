package org.vpr4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.vpr4j.VprException;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.eval.TopKMerge;
import org.vpr4j.query.ann.AnnSettings;
import org.vpr4j.query.ann.HighDimHnswFormat;

/**
 * The search job: exact k nearest neighbours of every query in a database, both outputs of
 * {@code vpr4j spark extract}. The database stays partitioned as read; the queries go out in
 * broadcast blocks; each partition finds its own top k ({@link PartitionSearch}) and the driver
 * merges them ({@link TopKMerge}), which ranks exactly as one search over the whole database.
 * It searches the {@code descriptor} column, or {@code pca_descriptor} of an extract with a PCA.
 * Output: Parquet rows (query_index, query, rank, database_index, database, distance), rank 1 the
 * nearest, and {@code _vpr4j-search.json}.
 */
public final class SearchJob {
  static final String DONE = "_vpr4j-search.json";
  private static final Logger LOG = LogManager.getLogger(SearchJob.class);

  static final StructType SCHEMA = new StructType()
      .add("query_index", DataTypes.LongType, false)
      .add("query", DataTypes.StringType, false)
      .add("rank", DataTypes.IntegerType, false)
      .add("database_index", DataTypes.LongType, false)
      .add("database", DataTypes.StringType, false)
      .add("distance", DataTypes.FloatType, false);

  /** How the search went; {@code shardsBuilt}: HNSW shards built by this run (0 for exact search). */
  public record Summary(int numQueries, long numDb, int k, int shardsBuilt, double seconds) {}

  /**
   * Approximate search instead of exact: HNSW shards ({@link AnnShards}) with these settings and
   * {@code ef} candidates per query and shard.
   */
  public record Ann(AnnSettings settings, int ef) {}

  private SearchJob() {}

  /**
   * @param column the descriptors searched: {@code descriptor} or {@code pca_descriptor}
   * @param ann HNSW shards to search instead of every row, or null for exact search
   */
  public static Summary run(SparkSession spark, String queriesOut, String databaseOut, String column, int k,
      int queryBlock, Ann ann, String out, boolean overwrite) {
    if (k < 1) {
      throw new VprException("--top-k must be at least 1, got " + k);
    }
    if (queryBlock < 1) {
      throw new VprException("--query-block must be at least 1, got " + queryBlock);
    }
    long t0 = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    JsonNode qDone = ExtractJob.completed(queriesOut, conf);
    JsonNode dbDone = ExtractJob.completed(databaseOut, conf);
    if (!qDone.path("checkpointSha256").asText().equals(dbDone.path("checkpointSha256").asText())) {
      throw new VprException("the queries (" + queriesOut + ", " + qDone.path("model").asText() + " "
          + qDone.path("checkpoint").asText() + ") and the database (" + databaseOut + ", "
          + dbDone.path("model").asText() + " " + dbDone.path("checkpoint").asText()
          + ") were described by different models or weights");
    }
    Dataset<Row> qs = withColumn(spark.read().parquet(queriesOut), column, queriesOut);
    Dataset<Row> db = withColumn(spark.read().parquet(databaseOut), column, databaseOut);
    if (column.equals(DescriptorParquet.PCA_DESCRIPTOR) && !qDone.path("pcaOrigin").equals(dbDone.path("pcaOrigin"))) {
      throw new VprException("the queries (" + queriesOut + ") and the database (" + databaseOut + ") were projected by"
          + " different PCAs (" + qDone.path("pca").asText() + ", " + dbDone.path("pca").asText() + ")");
    }
    Path outPath = HadoopFiles.path(out);
    if (HadoopFiles.exists(outPath, conf)) {
      if (!overwrite) {
        throw new VprException("output " + out + " already exists; choose another --out or add --overwrite");
      }
    }

    // Collected through the bean encoder (a float[] per row, not boxed values) and ordered here:
    // ordering in Spark would shuffle the query descriptors.
    List<DescriptorRow> queries = new ArrayList<>(DescriptorRow.of(qs, column).collectAsList());
    queries.sort(Comparator.comparingLong(DescriptorRow::getIndex));
    if (queries.isEmpty()) {
      throw new VprException(queriesOut + " holds no query descriptors");
    }
    int dim = queries.get(0).getVector().length;
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<PartitionSearch.Block> blocks = onePartitionPerFile(spark, () -> DescriptorRow.of(db, column).javaRDD())
        .mapPartitions(rows -> Collections.singletonList(PartitionSearch.load(rows, dim)).iterator())
        .persist(StorageLevel.MEMORY_AND_DISK());
    long numDb = JobFailures.unwrap(() -> blocks.map(b -> (long) b.indices().length).fold(0L, Long::sum));
    if (numDb < k) {
      throw new VprException("cannot return " + k + " nearest neighbours: " + databaseOut + " has only " + numDb
          + " descriptors");
    }
    // One search task per executor, over all the blocks it holds: its TensorFlow session uses every
    // core of the executor, where one task per core would run sessions that compete for them.
    JavaRDD<PartitionSearch.Block> perExecutor = blocks.coalesce(executors(sc));
    AnnShards shards = ann == null ? null : shards(sc, databaseOut, dbDone, column, dim, ann);
    int built = 0;
    if (shards != null) {
      sc.setJobDescription("vpr4j search: HNSW shards of " + databaseOut);
      built = JobFailures.unwrap(() -> blocks.map(b -> shards.buildIfMissing(b, dim)).fold(0, Integer::sum));
      int leftovers = shards.store().removeLeftovers();
      LOG.info("HNSW shards in {}: {} built, {} found{}", shards.store().folder(), built,
          blocks.getNumPartitions() - built, leftovers == 0 ? "" : ", " + leftovers + " unfinished uploads removed");
    }
    List<Row> results = new ArrayList<>();
    try {
      for (int q0 = 0; q0 < queries.size(); q0 += queryBlock) {
        int qn = Math.min(queryBlock, queries.size() - q0);
        float[] block = new float[Math.multiplyExact(qn, dim)];
        for (int i = 0; i < qn; i++) {
          Descriptors.copy(queries.get(q0 + i), block, i, dim, "query image");
        }
        Broadcast<float[]> shared = sc.broadcast(block);
        sc.setJobDescription("vpr4j search: queries " + q0 + ".." + (q0 + qn) + " of " + queries.size());
        List<TopKMerge.Part> parts = JobFailures.unwrap(() -> shards == null
            ? perExecutor.mapPartitions(b -> PartitionSearch.runAll(b, shared.value(), qn, dim, k)).collect()
            : blocks.mapPartitions(b -> shards.searchAll(b, shared.value(), qn, dim, k)).collect());
        shared.destroy();
        SearchResult found = TopKMerge.merge(parts, qn, k);
        for (int i = 0; i < qn; i++) {
          DescriptorRow query = queries.get(q0 + i);
          for (int r = 0; r < k; r++) {
            results.add(RowFactory.create(query.getIndex(), query.getPath(), r + 1, (long) found.indices()[i][r],
                found.distances()[i][r]));
          }
        }
        LOG.info("searched queries {}..{} of {}", q0, q0 + qn, queries.size());
      }
    } finally {
      blocks.unpersist(false);
    }
    int numQueries = queries.size();
    queries.clear();
    Map<Long, String> dbPaths = new HashMap<>();
    for (Row r : db.select(DescriptorParquet.INDEX, DescriptorParquet.PATH).collectAsList()) {
      dbPaths.put(r.getLong(0), r.getString(1));
    }
    List<Row> named = new ArrayList<>(results.size());
    for (Row r : results) {
      named.add(RowFactory.create(r.getLong(0), r.getString(1), r.getInt(2), r.getLong(3), dbPaths.get(r.getLong(3)),
          r.getFloat(4)));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;

    // Written beside the target, then renamed: a failed write never leaves a partial result at --out.
    Path tmp = HadoopFiles.hiddenSibling(outPath);
    spark.createDataFrame(named, SCHEMA).coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(tmp.toString());
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("job", "search");
    done.put("queries", HadoopFiles.path(queriesOut).toString());
    done.put("database", HadoopFiles.path(databaseOut).toString());
    done.put("numQueries", numQueries);
    done.put("numDb", numDb);
    done.put("column", column);
    done.put("pca", column.equals(DescriptorParquet.PCA_DESCRIPTOR) ? dbDone.path("pca").asText() : null);
    done.put("k", k);
    done.put("search", shards == null ? "exact" : "hnsw");
    if (shards != null) {
      done.put("hnsw", Map.of("folder", shards.store().folder(), "m", ann.settings().m(), "efConstruction",
          ann.settings().efConstruction(), "navDim", ann.settings().navDim(), "ef", ann.ef(), "shards",
          blocks.getNumPartitions()));
    }
    done.put("model", dbDone.path("model").asText());
    done.put("checkpoint", dbDone.path("checkpoint").asText());
    done.put("checkpointSha256", dbDone.path("checkpointSha256").asText());
    done.put("extractSeconds", qDone.path("seconds").asDouble() + dbDone.path("seconds").asDouble());
    done.put("seconds", seconds);
    HadoopFiles.writeString(new Path(tmp, DONE), ExtractJob.json(done), conf);
    FileSystem fs = HadoopFiles.fs(outPath, conf);
    try {
      if (fs.exists(outPath)) {
        fs.delete(outPath, true);
      }
      if (!fs.rename(tmp, outPath)) {
        throw new java.io.IOException("rename failed");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot move the search result to " + out + ": " + e.getMessage(), e);
    }
    return new Summary(numQueries, numDb, k, built, seconds);
  }

  /**
   * The HNSW shards of a database extract, beside it on its file system, fingerprinted with what
   * the extract's completion record says it holds.
   */
  private static AnnShards shards(JavaSparkContext sc, String databaseOut, JsonNode dbDone, String column, int dim,
      Ann ann) {
    if (dim > HighDimHnswFormat.MAX_DIMENSIONS) {
      throw new VprException("--ann hnsw takes descriptors of at most " + HighDimHnswFormat.MAX_DIMENSIONS
          + " dimensions, " + column + " of " + databaseOut + " has " + dim + "; extract with a PCA and search"
          + " --column pca_descriptor");
    }
    if (ann.settings().navDim() >= dim) {
      throw new VprException("the HNSW navigation dimension (--hnsw-nav-dim " + ann.settings().navDim()
          + ") must be below the descriptors' dimension (" + dim + ")");
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("model", dbDone.path("model").asText());
    f.put("checkpointSha256", dbDone.path("checkpointSha256").asText());
    f.put("listingSha256", dbDone.path("listingSha256").asText());
    f.put("column", column);
    f.put("pca", dbDone.path("pcaOrigin").toString());
    f.put("dim", Integer.toString(dim));
    ShardStore store = ShardStore.beside(HadoopFiles.path(databaseOut), column, sc,
        sc.sc().hadoopConfiguration());
    return new AnnShards(store, f, ann.settings(), ann.ef());
  }

  /**
   * The database read as one partition per file of the extract (one extract partition, at most
   * 1,024 rows by default), as {@code make} plans it: Spark would otherwise pack small files
   * together or split large ones, and an HNSW shard is the index of one extract partition.
   */
  private static <T> JavaRDD<T> onePartitionPerFile(SparkSession spark, java.util.function.Supplier<JavaRDD<T>> make) {
    String[] keys = {"spark.sql.files.maxPartitionBytes", "spark.sql.files.openCostInBytes"};
    Map<String, String> old = new HashMap<>();
    for (String key : keys) {
      old.put(key, spark.conf().get(key));
      // Each file then costs a whole partition and none is large enough to be split.
      spark.conf().set(key, Long.toString(1L << 40));
    }
    try {
      JavaRDD<T> rdd = make.get();
      rdd.getNumPartitions(); // the files are assigned to partitions now, under these settings
      return rdd;
    } finally {
      old.forEach((k, v) -> spark.conf().set(k, v));
    }
  }

  /** Executors of the application (local mode: one, the driver). */
  private static int executors(JavaSparkContext sc) {
    return sc.isLocal() ? 1 : Math.max(1, sc.sc().getExecutorIds().size());
  }

  /** {@code extract}, refusing an extract without {@code column} (a PCA column of an extract without a PCA). */
  private static Dataset<Row> withColumn(Dataset<Row> extract, String column, String folder) {
    if (!Arrays.asList(extract.columns()).contains(column)) {
      throw new VprException(folder + " has no column " + column + (column.equals(DescriptorParquet.PCA_DESCRIPTOR)
          ? " (it was extracted without a PCA: learn one with 'vpr4j pca' or give spark extract --pca FILE)" : ""));
    }
    return extract;
  }
}
