package org.vpr4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
      .add("rank", DataTypes.IntegerType, false)
      .add("database_index", DataTypes.LongType, false)
      .add("distance", DataTypes.FloatType, false);

  public record Summary(int numQueries, long numDb, int k, double seconds) {}

  private SearchJob() {}

  /** @param column the descriptors searched: {@code descriptor} or {@code pca_descriptor} */
  public static Summary run(SparkSession spark, String queriesOut, String databaseOut, String column, int k,
      int queryBlock, String out, boolean overwrite) {
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

    List<Row> queries = qs.select("index", "path", column).orderBy("index").collectAsList();
    if (queries.isEmpty()) {
      throw new VprException(queriesOut + " holds no query descriptors");
    }
    int dim = queries.get(0).getList(2).size();
    JavaRDD<PartitionSearch.Block> blocks = db.select("index", "path", column).javaRDD()
        .mapPartitions(rows -> Collections.singletonList(PartitionSearch.load(rows, dim)).iterator())
        .persist(StorageLevel.MEMORY_AND_DISK());
    long numDb = JobFailures.unwrap(() -> blocks.map(b -> (long) b.indices().length).fold(0L, Long::sum));
    if (numDb < k) {
      throw new VprException("cannot return " + k + " nearest neighbours: " + databaseOut + " has only " + numDb
          + " descriptors");
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Row> results = new ArrayList<>();
    try {
      for (int q0 = 0; q0 < queries.size(); q0 += queryBlock) {
        int qn = Math.min(queryBlock, queries.size() - q0);
        float[] block = new float[Math.multiplyExact(qn, dim)];
        for (int i = 0; i < qn; i++) {
          Descriptors.copy(queries.get(q0 + i), 2, block, i, dim, "query image");
        }
        Broadcast<float[]> shared = sc.broadcast(block);
        sc.setJobDescription("vpr4j search: queries " + q0 + ".." + (q0 + qn) + " of " + queries.size());
        List<TopKMerge.Part> parts = JobFailures.unwrap(() -> blocks.map(b -> PartitionSearch.run(b, shared.value(), qn,
            dim, k)).collect());
        shared.destroy();
        SearchResult found = TopKMerge.merge(parts, qn, k);
        for (int i = 0; i < qn; i++) {
          long queryIndex = queries.get(q0 + i).getLong(0);
          for (int r = 0; r < k; r++) {
            results.add(RowFactory.create(queryIndex, r + 1, (long) found.indices()[i][r], found.distances()[i][r]));
          }
        }
        LOG.info("searched queries {}..{} of {}", q0, q0 + qn, queries.size());
      }
    } finally {
      blocks.unpersist(false);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;

    Dataset<Row> found = spark.createDataFrame(results, SCHEMA);
    Dataset<Row> qPaths = qs.select("index", "path")
        .withColumnRenamed("index", "query_index").withColumnRenamed("path", "query");
    Dataset<Row> dbPaths = db.select("index", "path")
        .withColumnRenamed("index", "database_index").withColumnRenamed("path", "database");
    Dataset<Row> named = found.join(qPaths, "query_index").join(dbPaths, "database_index")
        .select("query_index", "query", "rank", "database_index", "database", "distance")
        .orderBy("query_index", "rank");
    // Written beside the target, then renamed: a failed write never leaves a partial result at --out.
    Path tmp = HadoopFiles.hiddenSibling(outPath);
    named.coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(tmp.toString());
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("job", "search");
    done.put("queries", HadoopFiles.path(queriesOut).toString());
    done.put("database", HadoopFiles.path(databaseOut).toString());
    done.put("numQueries", queries.size());
    done.put("numDb", numDb);
    done.put("column", column);
    done.put("pca", column.equals(DescriptorParquet.PCA_DESCRIPTOR) ? dbDone.path("pca").asText() : null);
    done.put("k", k);
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
    return new Summary(queries.size(), numDb, k, seconds);
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
