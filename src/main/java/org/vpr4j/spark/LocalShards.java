package org.vpr4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * HNSW shards in a folder that every executor reads directly (local in local mode, NFS on a
 * cluster): built in place, atomically (as {@code AnnIndex.build} writes every graph folder), and
 * opened where they are.
 *
 * @param folder the side folder, a local path
 */
record LocalShards(String folder) implements ShardStore {
  private Path shard(String name) {
    return Path.of(folder, name);
  }

  @Override
  public String location(String name) {
    return shard(name).toString();
  }

  @Override
  public boolean has(String name) {
    return Files.isDirectory(shard(name));
  }

  @Override
  public void publish(String name, Consumer<Path> build) {
    build.accept(shard(name));
  }

  @Override
  public Path local(String name) {
    return shard(name);
  }

  /**
   * Nothing: {@code AnnIndex.build} deletes its temporaries when it fails; those of a killed
   * executor stay, hidden and named by its process id, beside the shards.
   */
  @Override
  public int removeLeftovers() {
    return 0;
  }
}
