package org.vpr4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.eval.TopKMerge;
import org.vpr4j.query.QuerySearch;
import org.vpr4j.query.ann.AnnIndex;
import org.vpr4j.query.ann.AnnSettings;

/**
 * Approximate search over HNSW shards, one per database partition (one file of the extract): a
 * shard is the HNSW index ({@link AnnIndex}, as {@code query index --ann hnsw} builds it) of one
 * partition's rows, kept as {@code shard-FIRST} (FIRST: the partition's first row index, which
 * names it whatever order Spark reads the files in) in a side folder beside the database extract,
 * on its file system ({@link ShardStore}). A missing shard is built by its partition's task; an
 * existing one is used only if its fingerprint (the extract's model, checkpoint, listing, column
 * and PCA, the partition's rows, and the HNSW settings) is the one expected, and refused otherwise.
 * Each shard answers a broadcast block of queries with {@link QuerySearch#approximate} (candidates
 * re-ranked by exact distance); the driver merges the shards' answers with {@link TopKMerge}.
 *
 * @param store where the shards are kept
 * @param fingerprint what the database extract and column are, the same for every shard
 * @param m HNSW neighbours per node, {@code efConstruction}, {@code int8} and {@code navDim} (0, or
 *     the PCA projection each shard is walked in, learned from its own rows): how shards are built
 *     ({@link AnnSettings}, kept as its parts to travel to the executors)
 * @param ef candidates per query and shard
 */
record AnnShards(ShardStore store, Map<String, String> fingerprint, int m, int efConstruction, boolean int8,
    int navDim, int ef) implements Serializable {

  AnnShards(ShardStore store, Map<String, String> fingerprint, AnnSettings settings, int ef) {
    this(store, fingerprint, settings.m(), settings.efConstruction(), settings.int8(), settings.navDim(), ef);
  }

  AnnSettings settings() {
    return new AnnSettings(m, efConstruction, int8, navDim);
  }

  static String shardName(PartitionSearch.Block block) {
    return String.format(Locale.ROOT, "shard-%010d", block.indices()[0]);
  }

  /** What the shard of {@code block} must have been built from. */
  private Map<String, String> expected(PartitionSearch.Block block) {
    Map<String, String> f = new LinkedHashMap<>(fingerprint);
    f.put("count", Integer.toString(block.indices().length));
    f.put("rowsSha256", Sha256.of(Arrays.toString(block.indices())));
    f.put("m", Integer.toString(m));
    f.put("efConstruction", Integer.toString(efConstruction));
    f.put("quantization", settings().quantization());
    f.put("navDim", Integer.toString(navDim));
    return f;
  }

  /**
   * Builds the shard of a partition unless it exists (atomically: a shard folder is either whole
   * or absent).
   *
   * @return 1 if it was built, 0 if it was there
   */
  int buildIfMissing(PartitionSearch.Block block, int dim) {
    if (block.indices().length == 0 || store.has(shardName(block))) {
      return 0;
    }
    store.publish(shardName(block), folder -> AnnIndex.build(new InMemoryDescriptors(block.indices().length, dim,
        block.descriptors()), folder, settings(), expected(block)));
    return 1;
  }

  /**
   * The approximate top k of every query of a block among a partition's rows,
   * with squared distances and database-wide indices, for {@link TopKMerge}.
   *
   * @throws VprException naming the shard if it was built from other descriptors or settings
   */
  TopKMerge.Part search(PartitionSearch.Block block, float[] queries, int numQueries, int dim, int k) {
    int n = block.indices().length;
    if (n == 0) {
      return new TopKMerge.Part(new int[numQueries][0], new float[numQueries][0]);
    }
    String shard = store.location(shardName(block));
    try (AnnIndex ann = open(block)) {
      for (Map.Entry<String, String> e : expected(block).entrySet()) {
        String built = ann.commitData().get(e.getKey());
        if (!e.getValue().equals(built)) {
          throw new VprException("HNSW shard " + shard + " was built from other descriptors or settings (" + e.getKey()
              + " " + built + ", expected " + e.getValue() + "); delete " + store.folder() + " to rebuild its shards,"
              + " or search exactly (without --ann)");
        }
      }
      SearchResult found = QuerySearch.approximate(ann, new InMemoryDescriptors(numQueries, dim, queries),
          Math.min(k, n), ef, ann.defaultRerankFactor());
      int[][] idx = found.indices();
      float[][] d2 = new float[numQueries][];
      for (int q = 0; q < numQueries; q++) {
        d2[q] = new float[idx[q].length];
        for (int r = 0; r < idx[q].length; r++) {
          idx[q][r] = block.indices()[idx[q][r]];
          float d = found.distances()[q][r];
          d2[q][r] = d * d;
        }
      }
      return new TopKMerge.Part(idx, d2);
    }
  }

  /** The shard of {@code block}, opened from a local folder; an unreadable one is named where it is kept. */
  private AnnIndex open(PartitionSearch.Block block) {
    String name = shardName(block);
    java.nio.file.Path local = store.local(name);
    try {
      return AnnIndex.open(local);
    } catch (VprException e) {
      if (local.toString().equals(store.location(name))) {
        throw e;
      }
      throw new VprException("HNSW shard " + store.location(name) + " (local copy " + local + "): " + e.getMessage()
          + "; delete " + store.folder() + " to rebuild its shards", e);
    }
  }

  /** {@link #search} for the blocks of one task (one per partition). */
  Iterator<TopKMerge.Part> searchAll(Iterator<PartitionSearch.Block> blocks, float[] queries, int numQueries, int dim,
      int k) {
    List<TopKMerge.Part> parts = new ArrayList<>();
    blocks.forEachRemaining(b -> parts.add(search(b, queries, numQueries, dim, k)));
    return parts.iterator();
  }
}
