package org.vpr4j.train;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.eval.DescriptorExtraction;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.model.Describer;

/**
 * The descriptors hard-negative mining reads before each part of an epoch (docs/training.md), laid out as
 * the paper's cache: database rows first, then query {@code q} at row {@code numDb + q}.
 *
 * <p>With {@code reuseParts = 1} it is the paper's full refresh: before every part, every training
 * image (database and all queries) is described again. With {@code reuseParts = N > 1} it does
 * the cheaper thing: the database is described once for N consecutive parts of an epoch, and each
 * part describes only its own queries, the only query rows its mining reads. Per epoch of P parts
 * that is {@code ceil(P/N) * numDb + numQ} images instead of {@code P * (numDb + numQ)}; the price
 * is database descriptors up to N-1 parts old.
 */
public final class MiningCache implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(MiningCache.class);

  /** What the cache has cost so far: images described, seconds spent describing them, refreshes. */
  public record Stats(long imagesDescribed, double seconds, int databaseRefreshes) {}

  /** The rows of one part; closing it frees what only that part needed. */
  public interface Part extends AutoCloseable {
    DescriptorStore rows();

    @Override
    void close();
  }

  private final Describer model;
  private final TrainingSet set;
  private final int batchSize;
  private final int reuseParts;
  private final Path spillFolder;
  private DescriptorExtraction.Extracted database;
  private long imagesDescribed;
  private double seconds;
  private int databaseRefreshes;

  /**
   * @param reuseParts parts that share one database description (1 = the paper's full refresh)
   * @param spillFolder where descriptor matrices too large for the heap go (see
   *     {@link DescriptorExtraction})
   */
  public MiningCache(Describer model, TrainingSet set, int batchSize, int reuseParts, Path spillFolder) {
    if (reuseParts < 1 || batchSize < 1) {
      throw new IllegalArgumentException("reuseParts and batchSize must be >= 1, got " + reuseParts + ", " + batchSize);
    }
    this.model = model;
    this.set = set;
    this.batchSize = batchSize;
    this.reuseParts = reuseParts;
    this.spillFolder = spillFolder;
  }

  /**
   * Descriptors for mining part {@code part} (0-based within the epoch) of {@code parts}, whose
   * queries are {@code queries}, computed with the model's current weights where this policy
   * refreshes them.
   */
  public Part forPart(int epoch, int part, int parts, int[] queries) {
    String task = String.format("epoch %d cache %d/%d", epoch + 1, part + 1, parts);
    if (reuseParts == 1) {
      DescriptorExtraction.Extracted all = describe(set.dataset().allImages(), task);
      databaseRefreshes++;
      return new Part() {
        @Override
        public DescriptorStore rows() {
          return all.store();
        }

        @Override
        public void close() {
          all.close();
        }
      };
    }
    if (part % reuseParts == 0 || database == null) {
      closeDatabase();
      database = describe(set.dataset().databaseImages(), task + " database");
      databaseRefreshes++;
    }
    List<Path> images = new ArrayList<>(queries.length);
    for (int q : queries) {
      images.add(set.dataset().queryImages().get(q));
    }
    DescriptorExtraction.Extracted partQueries = describe(images, task + " queries");
    DescriptorStore rows = new PartRows(database.store(), partQueries.store(), queries, set.dataset().numQ());
    return new Part() {
      @Override
      public DescriptorStore rows() {
        return rows;
      }

      @Override
      public void close() {
        partQueries.close();
      }
    };
  }

  public Stats stats() {
    return new Stats(imagesDescribed, seconds, databaseRefreshes);
  }

  private DescriptorExtraction.Extracted describe(List<Path> images, String task) {
    long start = System.nanoTime();
    DescriptorExtraction.Extracted out = DescriptorExtraction.extract(model, images, batchSize, task, spillFolder);
    double s = (System.nanoTime() - start) / 1e9;
    imagesDescribed += images.size();
    seconds += s;
    LOG.debug("{}: {} images in {} s", task, images.size(), String.format("%.1f", s));
    return out;
  }

  private void closeDatabase() {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  @Override
  public void close() {
    closeDatabase();
  }

  /**
   * Database rows, then one row per query of which only the current part's hold descriptors;
   * reading another query's row is a bug in the caller and fails loudly.
   */
  static final class PartRows implements DescriptorStore {
    private final DescriptorStore database;
    private final DescriptorStore queries;
    private final int[] slot;

    PartRows(DescriptorStore database, DescriptorStore queries, int[] partQueries, int numQ) {
      this.database = database;
      this.queries = queries;
      this.slot = new int[numQ];
      Arrays.fill(slot, -1);
      for (int i = 0; i < partQueries.length; i++) {
        slot[partQueries[i]] = i;
      }
    }

    @Override
    public int rows() {
      return database.rows() + slot.length;
    }

    @Override
    public int dim() {
      return database.dim();
    }

    @Override
    public void read(int firstRow, int rowCount, FloatBuffer dst) {
      DescriptorStore.checkRows(this, firstRow, rowCount);
      int numDb = database.rows();
      for (int r = firstRow; r < firstRow + rowCount; r++) {
        if (r < numDb) {
          database.read(r, 1, dst);
        } else if (slot[r - numDb] >= 0) {
          queries.read(slot[r - numDb], 1, dst);
        } else {
          throw new IllegalStateException("query " + (r - numDb) + " is not in the current part;"
              + " its descriptor was not computed");
        }
      }
    }
  }
}
