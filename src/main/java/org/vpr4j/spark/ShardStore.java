package org.vpr4j.spark;

import java.io.Serializable;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Where the HNSW shards of a database extract are kept: the side folder {@code DATABASE.COLUMN.hnsw}
 * beside the extract, on the extract's own file system (docs/spark.md, "search"). Lucene reads and
 * writes local folders only, so a shard is built into a local folder and then published, and it is
 * searched from a local folder: the shard itself on a local file system ({@link LocalShards}), a
 * downloaded copy on any other ({@link RemoteShards}).
 */
interface ShardStore extends Serializable {
  /** The side folder, as the user names it. */
  String folder();

  /** Where shard {@code name} is kept, for messages. */
  String location(String name);

  boolean has(String name);

  /**
   * Makes shard {@code name}: {@code build} writes it into a local folder that does not exist yet,
   * and the shard appears whole or not at all.
   */
  void publish(String name, Consumer<java.nio.file.Path> build);

  /** A local folder holding shard {@code name}, for Lucene to open. */
  java.nio.file.Path local(String name);

  /**
   * Deletes what publications cut short (a killed executor) left in the side folder; called by the
   * driver when no task is building.
   *
   * @return how many were deleted
   */
  int removeLeftovers();

  /** The side folder of {@code column} of the database extract {@code database}. */
  static Path folderFor(Path database, String column) {
    return new Path(database.getParent(), database.getName() + "." + column + ".hnsw");
  }

  /**
   * The store of the shards of {@code column} of {@code database}: the folder itself on a local
   * file system (no copies), else a {@link RemoteShards} that takes the driver's Hadoop
   * configuration to the executors.
   */
  static ShardStore beside(Path database, String column, JavaSparkContext sc, Configuration conf) {
    Path folder = folderFor(database, column);
    if ("file".equals(folder.toUri().getScheme())) {
      return new LocalShards(java.nio.file.Path.of(folder.toUri()).toString());
    }
    return new RemoteShards(folder.toString(), sc.broadcast(new SerializableWritable<>(conf)));
  }
}
