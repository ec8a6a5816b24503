package org.vpr4j.query.ann;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.FilterMergePolicy;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.MMapDirectory;
import org.vpr4j.VprException;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.VectorDistance;
import org.vpr4j.io.AtomicFiles;

/**
 * An HNSW graph over an index's descriptors, kept by Apache Lucene in a folder beside the HDF5
 * index ({@code NAME.hnsw/}). Each descriptor is one Lucene document: the vector (Euclidean
 * similarity) and its row in the index. The folder's commit data holds the fingerprint of what
 * was indexed (model checkpoint, PCA, row count, dimension) and how (M, efConstruction,
 * quantization), so a stale graph is refused. Searching reads the graph and vectors through
 * memory mapping; the heap holds only the current query's candidates.
 */
public final class AnnIndex implements AutoCloseable {
  static final String VECTOR = "v";
  static final String ROW = "row";
  /**
   * Lucene's indexing buffer (at most an eighth of the heap): bounded, so building does not grow
   * with the database; full buffers are flushed as graph-less segments (see {@link #build}).
   */
  private static final double RAM_BUFFER_MB = 256;

  private final Path folder;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final Map<String, String> commitData;

  private AnnIndex(Path folder, DirectoryReader reader, Map<String, String> commitData) {
    this.folder = folder;
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    this.commitData = commitData;
  }

  /** The graph folder of index file {@code NAME.h5}: {@code NAME.hnsw}. */
  public static Path folderFor(Path indexFile) {
    String stem = indexFile.getFileName().toString().replaceFirst("\\.(h5|hdf5)$", "");
    return indexFile.resolveSibling(stem + ".hnsw");
  }

  /**
   * Builds the graph of every row of {@code descriptors} into {@code folder} (atomically). The
   * vectors are first staged as graph-less segments, then added to the final index in one merge,
   * where Lucene builds the single graph with one worker per core. (Building a graph per flushed
   * segment and merging them would insert most vectors twice, the flushes on one thread.)
   *
   * @param fingerprint what the descriptors are; stored with the graph and checked when it is opened
   * @throws VprException if the descriptors are longer than {@link HighDimHnswFormat#MAX_DIMENSIONS}
   */
  public static void build(DescriptorStore descriptors, Path folder, AnnSettings settings,
      Map<String, String> fingerprint) {
    if (descriptors.dim() > HighDimHnswFormat.MAX_DIMENSIONS) {
      throw new VprException("an HNSW index takes descriptors of at most " + HighDimHnswFormat.MAX_DIMENSIONS
          + " dimensions, these have " + descriptors.dim() + "; learn a PCA first ('vpr4j pca --dim 4096') and"
          + " index with it");
    }
    Map<String, String> commit = new LinkedHashMap<>(fingerprint);
    commit.put("m", Integer.toString(settings.m()));
    commit.put("efConstruction", Integer.toString(settings.efConstruction()));
    commit.put("quantization", settings.quantization());
    int workers = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      KnnVectorsFormat format = settings.int8()
          ? new HighDimHnswFormat.Int8(settings.m(), settings.efConstruction(), workers, pool)
          : new HighDimHnswFormat.Float32(settings.m(), settings.efConstruction(), workers, pool);
      AtomicFiles.writeFolder(folder, tmp -> {
        // Beside the final folder and named as its temporaries, so an interrupted build's is removed.
        Path staging = Files.createTempDirectory(tmp.getParent(),
            "." + folder.getFileName() + "." + ProcessHandle.current().pid() + ".staging");
        try {
          stage(descriptors, staging);
          try (FSDirectory from = FSDirectory.open(staging); DirectoryReader staged = DirectoryReader.open(from);
              FSDirectory dir = FSDirectory.open(tmp); IndexWriter w = new IndexWriter(dir, config(format)
                  .setMergePolicy(new OneMergeOfAll()))) {
            CodecReader[] segments = staged.leaves().stream().map(l -> (CodecReader) l.reader())
                .toArray(CodecReader[]::new);
            // One merge of every staged segment: Lucene builds its graph with all workers.
            w.addIndexes(segments);
            w.setLiveCommitData(commit.entrySet());
            w.commit();
          }
        } finally {
          AtomicFiles.deleteRecursively(staging);
        }
      });
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Writes every row as a document into {@code staging} in the graph-less format: flushes of the
   * bounded indexing buffer only write vectors, they build no graph.
   */
  private static void stage(DescriptorStore descriptors, Path staging) throws IOException {
    try (FSDirectory dir = FSDirectory.open(staging);
        IndexWriter w = new IndexWriter(dir, config(new HighDimHnswFormat.Flat())
            .setMergePolicy(NoMergePolicy.INSTANCE))) {
      int dim = descriptors.dim();
      int block = DescriptorStore.blockRows(dim, 64L << 20, 4096);
      for (int r0 = 0; r0 < descriptors.rows(); r0 += block) {
        int rn = Math.min(block, descriptors.rows() - r0);
        float[] rows = descriptors.read(r0, rn);
        for (int i = 0; i < rn; i++) {
          Document doc = new Document();
          doc.add(new KnnFloatVectorField(VECTOR, Arrays.copyOfRange(rows, i * dim, (i + 1) * dim),
              VectorSimilarityFunction.EUCLIDEAN));
          doc.add(new NumericDocValuesField(ROW, r0 + i));
          w.addDocument(doc);
        }
      }
      w.commit();
    }
  }

  private static IndexWriterConfig config(KnnVectorsFormat format) {
    return new IndexWriterConfig()
        .setCodec(new Lucene912Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return format;
          }
        })
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
        .setRAMBufferSizeMB(Math.min(RAM_BUFFER_MB, Runtime.getRuntime().maxMemory() / 8.0 / (1 << 20)));
  }

  /** Adds indexes as one merge (Lucene's default is one merge, and so one graph, per added segment). */
  private static final class OneMergeOfAll extends FilterMergePolicy {
    OneMergeOfAll() {
      super(new TieredMergePolicy());
    }

    @Override
    public MergeSpecification findMerges(CodecReader... readers) {
      MergeSpecification spec = new MergeSpecification();
      spec.add(new OneMerge(readers));
      return spec;
    }
  }

  /**
   * Opens a graph folder.
   *
   * @throws VprException naming the folder if it is not a readable graph
   */
  public static AnnIndex open(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new VprException("HNSW index " + folder + " does not exist");
    }
    try {
      DirectoryReader reader = DirectoryReader.open(new MMapDirectory(folder));
      return new AnnIndex(folder, reader, Map.copyOf(reader.getIndexCommit().getUserData()));
    } catch (IOException | RuntimeException e) {
      throw new VprException("HNSW index " + folder + " cannot be read: " + e.getMessage(), e);
    }
  }

  public Path folder() {
    return folder;
  }

  /** What was indexed and how (see {@link #build}). */
  public Map<String, String> commitData() {
    return commitData;
  }

  /** Number of vectors in the graph. */
  public int size() {
    return reader.numDocs();
  }

  /** A query's nearest rows, nearest first, with their exact Euclidean distances. */
  public record Hits(int[] rows, float[] distances) {}

  /**
   * The {@code k} nearest rows of {@code query} among the {@code candidates} (HNSW's ef: more is
   * slower and finds more of the true neighbours) that the graph walk returns, ranked by their
   * exact Euclidean distance, on equal distances the lower row first (as the exact search). The
   * distances come from the float vectors the graph folder stores beside the graph (also for an
   * int8 graph, whose walk compares quantized vectors), so a search touches no other file.
   */
  public Hits nearest(float[] query, int k, int candidates) {
    try {
      ScoreDoc[] hits = searcher.search(new KnnFloatVectorQuery(VECTOR, query, candidates), candidates).scoreDocs;
      // Doc values and vectors are read in increasing document order; the ranking is ours, below.
      Arrays.sort(hits, Comparator.comparingInt(h -> h.doc));
      int[] rows = new int[hits.length];
      double[] distances = new double[hits.length];
      LeafReaderContext leaf = null;
      NumericDocValues rowValues = null;
      FloatVectorValues vectors = null;
      for (int i = 0; i < hits.length; i++) {
        int doc = hits[i].doc;
        if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
          leaf = reader.leaves().get(ReaderUtil.subIndex(doc, reader.leaves()));
          rowValues = leaf.reader().getNumericDocValues(ROW);
          vectors = leaf.reader().getFloatVectorValues(VECTOR);
        }
        int inLeaf = doc - leaf.docBase;
        if (rowValues == null || !rowValues.advanceExact(inLeaf) || vectors == null
            || vectors.advance(inLeaf) != inLeaf) {
          throw new VprException("HNSW index " + folder + " has a vector without its row number (corrupt?)");
        }
        rows[i] = (int) rowValues.longValue();
        distances[i] = VectorDistance.euclidean(query, vectors.vectorValue());
      }
      Integer[] order = new Integer[rows.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> distances[a] != distances[b] ? Double.compare(distances[a], distances[b])
          : Integer.compare(rows[a], rows[b]));
      int n = Math.min(k, rows.length);
      Hits out = new Hits(new int[n], new float[n]);
      for (int r = 0; r < n; r++) {
        out.rows()[r] = rows[order[r]];
        out.distances()[r] = (float) distances[order[r]];
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search HNSW index " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * How many vectors the graph walk compares {@code query} with to find {@code candidates}
   * neighbours (summed over segments): the cost of one search, for profiling.
   */
  public long visited(float[] query, int candidates) {
    long n = 0;
    try {
      for (LeafReaderContext leaf : reader.leaves()) {
        n += leaf.reader().searchNearestVectors(VECTOR, query, candidates, null, Integer.MAX_VALUE).totalHits.value;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search HNSW index " + folder + ": " + e.getMessage(), e);
    }
    return n;
  }

  /** Bytes the graph folder takes on disk. */
  public static long sizeOnDisk(Path folder) {
    try (var files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close HNSW index " + folder, e);
    }
  }
}
