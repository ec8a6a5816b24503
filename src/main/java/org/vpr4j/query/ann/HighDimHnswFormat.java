package org.vpr4j.query.ann;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's HNSW vector format with the per-field dimension limit raised from 1,024 to 4,096 (a
 * PCA-reduced NetVLAD descriptor), as Elasticsearch does: the files are Lucene's own, only the
 * limit differs. Two variants, found by name through Java's service loader when an index is
 * opened: float32 vectors, and Lucene's scalar-quantized vectors (one byte per value, 7 bits
 * used) with the float32 originals kept for re-ranking. A third, {@link Flat}, holds vectors
 * without a graph: the staging segments of a build, whose single merge builds the graph on every
 * core (see {@link AnnIndex#build}).
 */
public abstract class HighDimHnswFormat extends KnnVectorsFormat {
  /** Largest descriptor length the index takes: PCA to 4,096 is the largest vpr4j offers. */
  public static final int MAX_DIMENSIONS = 4096;

  private final KnnVectorsFormat delegate;

  HighDimHnswFormat(String name, KnnVectorsFormat delegate) {
    super(name);
    this.delegate = delegate;
  }

  @Override
  public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
    return delegate.fieldsWriter(state);
  }

  @Override
  public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
    return delegate.fieldsReader(state);
  }

  @Override
  public int getMaxDimensions(String fieldName) {
    return MAX_DIMENSIONS;
  }

  /** Float32 vectors. */
  public static final class Float32 extends HighDimHnswFormat {
    public static final String NAME = "Vpr4jHnsw4096";

    /** The reading side (the graph's parameters are in the files). */
    public Float32() {
      this(Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN, Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH);
    }

    public Float32(int m, int efConstruction) {
      super(NAME, new Lucene99HnswVectorsFormat(m, efConstruction));
    }

    /** The building side: graphs of merged segments are built by {@code workers} threads of {@code pool}. */
    public Float32(int m, int efConstruction, int workers, ExecutorService pool) {
      super(NAME, new Lucene99HnswVectorsFormat(m, efConstruction, workers, pool));
    }
  }

  /** Scalar-quantized vectors (Lucene's default 7 bits per value, in bytes). */
  public static final class Int8 extends HighDimHnswFormat {
    public static final String NAME = "Vpr4jHnswInt8x4096";

    public Int8() {
      this(Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN, Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH);
    }

    public Int8(int m, int efConstruction) {
      super(NAME, new Lucene99HnswScalarQuantizedVectorsFormat(m, efConstruction));
    }

    public Int8(int m, int efConstruction, int workers, ExecutorService pool) {
      super(NAME, new Lucene99HnswScalarQuantizedVectorsFormat(m, efConstruction, workers, 7, false, null, pool));
    }
  }

  /**
   * Vectors without a graph (Lucene's flat format). Flushing such segments costs only the write,
   * so a build can stage every vector first and let one multi-threaded merge build one graph,
   * instead of building a graph per flushed segment and rebuilding them when merging.
   */
  public static final class Flat extends HighDimHnswFormat {
    public static final String NAME = "Vpr4jFlat4096";

    public Flat() {
      super(NAME, new Lucene99FlatVectorsFormat(FlatVectorScorerUtil.getLucene99FlatVectorsScorer()));
    }
  }
}
