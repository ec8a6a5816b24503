package org.vpr4j.query.ann;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.FilterMergePolicy;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.VectorUtil;
import org.vpr4j.VprException;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.io.AtomicFiles;

/**
 * An HNSW graph over an index's descriptors, kept by Apache Lucene in a folder beside the HDF5
 * index ({@code NAME.hnsw/}). Each descriptor is one Lucene document: the vector the graph is
 * walked on (Euclidean similarity) and its row in the index. A projected graph ({@link
 * AnnSettings#navDim}) is walked on the descriptors' PCA projection ({@link
 * NavigationProjection}, a file in the folder) and keeps each full descriptor in a field without
 * a graph, for re-ranking. The folder's commit data holds the fingerprint of what was indexed
 * (model checkpoint, PCA, row count, dimension) and how (M, efConstruction, quantization,
 * navigation dimension and its PCA file's SHA-256), so a stale graph is refused. Searching reads
 * the graph and vectors through memory mapping; the heap holds only the current query's candidates.
 */
public final class AnnIndex implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(AnnIndex.class);
  /** The vectors the graph is walked on: the descriptors, or their projection in a projected graph. */
  static final String VECTOR = "v";
  /** A projected graph's full descriptors (no graph of their own), what its candidates are re-ranked on. */
  static final String FULL = "full";
  static final String ROW = "row";
  /**
   * Lucene's indexing buffer (at most an eighth of the heap): bounded, so building does not grow
   * with the database; full buffers are flushed as graph-less segments (see {@link #build}).
   */
  private static final double RAM_BUFFER_MB = 256;
  /** Commit data: the navigation dimension (0: walked on the descriptors) and its PCA file's SHA-256. */
  private static final String NAV_DIM = "navDim";
  private static final String NAV_PCA_SHA256 = "navPcaSha256";
  /** Commit data of a projected graph: the re-rank factor it measured when built, and that factor's recall. */
  static final String RERANK_FACTOR = "rerankFactor";
  private static final String RERANK_RECALL = "rerankRecall";
  /** Commit data of a projected graph: the lower end of that recall's 95% confidence interval, what the factor was chosen by. */
  private static final String RERANK_RECALL_LOWER = "rerankRecallLower95";
  /** Commit data of a projected graph: how many queries measured its re-rank factor, and of which kind. */
  private static final String RERANK_QUERIES = "rerankQueries";

  private final Path folder;
  private final DirectoryReader reader;
  private final Map<String, String> commitData;
  /** Null when the graph is walked on the descriptors themselves. */
  private final NavigationProjection navigation;
  private final int walkDim;
  /** The reader's segments (a built graph has one), fixed for the reader's life. */
  private final List<LeafReaderContext> leaves;

  private AnnIndex(Path folder, DirectoryReader reader, Map<String, String> commitData,
      NavigationProjection navigation) {
    this.folder = folder;
    this.reader = reader;
    this.commitData = commitData;
    this.navigation = navigation;
    FieldInfo walked = FieldInfos.getMergedFieldInfos(reader).fieldInfo(VECTOR);
    this.walkDim = walked == null ? 0 : walked.getVectorDimension(); // no field in an empty graph
    this.leaves = reader.leaves();
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
   * @throws VprException if the descriptors are longer than {@link HighDimHnswFormat#MAX_DIMENSIONS},
   *     or the navigation dimension cannot be learned from them ({@link NavigationProjection#check})
   */
  public static void build(DescriptorStore descriptors, Path folder, AnnSettings settings,
      Map<String, String> fingerprint) {
    build(descriptors, folder, settings, fingerprint, null);
  }

  /**
   * As above; a projected graph measures its re-rank factor on {@code heldOutQueries} (descriptors
   * of real queries, by the same model and PCA, that the index will not be evaluated on), or on
   * queries made between its rows when that is null ({@link RerankCalibration}).
   *
   * @throws VprException also if there are held-out queries for a graph that is not projected, or
   *     of another dimension than the descriptors
   */
  public static void build(DescriptorStore descriptors, Path folder, AnnSettings settings,
      Map<String, String> fingerprint, DescriptorStore heldOutQueries) {
    if (descriptors.dim() > HighDimHnswFormat.MAX_DIMENSIONS) {
      throw new VprException("an HNSW index takes descriptors of at most " + HighDimHnswFormat.MAX_DIMENSIONS
          + " dimensions, these have " + descriptors.dim() + "; learn a PCA first ('vpr4j pca --dim 4096') and"
          + " index with it");
    }
    if (settings.projected()) {
      NavigationProjection.check(settings.navDim(), descriptors.dim(), descriptors.rows());
    }
    if (heldOutQueries != null && !settings.projected()) {
      throw new VprException("held-out queries measure the re-rank factor of a graph walked in a projection; this"
          + " graph is walked on the descriptors themselves (give --hnsw-nav-dim)");
    }
    if (heldOutQueries != null && heldOutQueries.dim() != descriptors.dim()) {
      throw new VprException("the held-out queries have " + heldOutQueries.dim() + "-D descriptors, the indexed ones "
          + descriptors.dim() + "-D: describe them with the index's model and PCA");
    }
    Map<String, String> commit = new LinkedHashMap<>(fingerprint);
    commit.put("m", Integer.toString(settings.m()));
    commit.put("efConstruction", Integer.toString(settings.efConstruction()));
    commit.put("quantization", settings.quantization());
    commit.put(NAV_DIM, Integer.toString(settings.navDim()));
    int workers = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try (NavigationProjection navigation = settings.projected()
        ? NavigationProjection.learn(descriptors, settings.navDim()) : null) {
      KnnVectorsFormat format = settings.int8()
          ? new HighDimHnswFormat.Int8(settings.m(), settings.efConstruction(), workers, pool)
          : new HighDimHnswFormat.Float32(settings.m(), settings.efConstruction(), workers, pool);
      AtomicFiles.writeFolder(folder, tmp -> {
        // Beside the final folder and named as its temporaries, so an interrupted build's is removed.
        Path staging = Files.createTempDirectory(tmp.getParent(),
            "." + folder.getFileName() + "." + ProcessHandle.current().pid() + ".staging");
        try {
          if (navigation != null) {
            commit.put(NAV_PCA_SHA256, navigation.write(tmp));
          }
          stage(descriptors, navigation, staging);
          try (FSDirectory from = FSDirectory.open(staging); DirectoryReader staged = DirectoryReader.open(from);
              FSDirectory dir = FSDirectory.open(tmp); IndexWriter w = new IndexWriter(dir, config(format)
                  .setMergePolicy(new OneMergeOfAll()))) {
            CodecReader[] segments = staged.leaves().stream().map(l -> (CodecReader) l.reader())
                .toArray(CodecReader[]::new);
            // One merge of every staged segment: Lucene builds its graph with all workers.
            w.addIndexes(segments);
            if (navigation != null) {
              calibrate(w, tmp, navigation, descriptors, heldOutQueries, commit);
            }
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
   * Measures the re-rank factor of a just-built projected graph ({@link RerankCalibration}) on the
   * writer's uncommitted graph, and adds it to the commit data.
   */
  private static void calibrate(IndexWriter w, Path folder, NavigationProjection navigation,
      DescriptorStore descriptors, DescriptorStore heldOutQueries, Map<String, String> commit) throws IOException {
    try (DirectoryReader built = DirectoryReader.open(w)) {
      // A view over the writer's graph: the reader and the projection are closed by their owners.
      AnnIndex view = new AnnIndex(folder, built, Map.of(), navigation);
      RerankCalibration.Outcome c = RerankCalibration.measure(view, descriptors, heldOutQueries);
      commit.put(RERANK_FACTOR, Integer.toString(c.factor()));
      commit.put(RERANK_RECALL, String.format(Locale.ROOT, "%.4f", c.recall()));
      commit.put(RERANK_RECALL_LOWER, String.format(Locale.ROOT, "%.4f", c.recallLowerBound()));
      commit.put(RERANK_QUERIES, c.samples() + " " + c.queries());
      String recall = String.format(Locale.ROOT, "%.3f (95%% confidence: at least %.3f)", c.recall(),
          c.recallLowerBound());
      LOG.info("projected graph: {} x k candidates hold {} of the exact top {} of {} {};"
          + " searches take that factor unless --rerank-factor says otherwise", c.factor(), recall, RerankCalibration.K,
          c.samples(), c.queries());
      if (c.recallLowerBound() < RerankCalibration.TARGET_RECALL) {
        LOG.warn("projected graph: even {} x k candidates hold only {} of the exact top {}: the {}-D projection"
            + " misorders too much; a wider --hnsw-nav-dim keeps more", c.factor(), recall, RerankCalibration.K,
            navigation.pca().dim());
      }
    }
  }

  /**
   * Writes every row as a document into {@code staging} in the graph-less format: flushes of the
   * bounded indexing buffer only write vectors, they build no graph. With a {@code navigation}
   * projection (else null) the walked vector is the row's projection and the row itself is kept too.
   */
  private static void stage(DescriptorStore descriptors, NavigationProjection navigation, Path staging)
      throws IOException {
    try (FSDirectory dir = FSDirectory.open(staging);
        IndexWriter w = new IndexWriter(dir, config(new HighDimHnswFormat.Flat())
            .setMergePolicy(NoMergePolicy.INSTANCE))) {
      int dim = descriptors.dim();
      int walkDim = navigation == null ? dim : navigation.pca().dim();
      int block = DescriptorStore.blockRows(dim, 64L << 20, 4096);
      for (int r0 = 0; r0 < descriptors.rows(); r0 += block) {
        int rn = Math.min(block, descriptors.rows() - r0);
        float[] rows = descriptors.read(r0, rn);
        float[] walked = navigation == null ? rows : navigation.project(rows, rn);
        for (int i = 0; i < rn; i++) {
          Document doc = new Document();
          doc.add(new KnnFloatVectorField(VECTOR, Arrays.copyOfRange(walked, i * walkDim, (i + 1) * walkDim),
              VectorSimilarityFunction.EUCLIDEAN));
          if (navigation != null) {
            doc.add(new KnnFloatVectorField(FULL, Arrays.copyOfRange(rows, i * dim, (i + 1) * dim),
                VectorSimilarityFunction.EUCLIDEAN));
          }
          doc.add(new NumericDocValuesField(ROW, r0 + i));
          w.addDocument(doc);
        }
      }
      w.commit();
    }
  }

  /** Lucene's settings for writing: {@code walked} for the walked vectors, the full ones flat (no graph). */
  private static IndexWriterConfig config(KnnVectorsFormat walked) {
    KnnVectorsFormat flat = new HighDimHnswFormat.Flat();
    return new IndexWriterConfig()
        .setCodec(new Lucene912Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return field.equals(FULL) ? flat : walked;
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
   * Opens a graph folder, and the navigation projection of a projected graph.
   *
   * @throws VprException naming the folder if it is not a readable graph, or naming the
   *     projection's file if it does not match the graph ({@link NavigationProjection#read})
   */
  public static AnnIndex open(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new VprException("HNSW index " + folder + " does not exist");
    }
    DirectoryReader reader;
    Map<String, String> commit;
    try {
      reader = DirectoryReader.open(new MMapDirectory(folder));
      commit = Map.copyOf(reader.getIndexCommit().getUserData());
    } catch (IOException | RuntimeException e) {
      throw new VprException("HNSW index " + folder + " cannot be read: " + e.getMessage(), e);
    }
    try {
      // Graphs built before projections existed have no navigation dimension: walked on the descriptors.
      if (Integer.parseInt(commit.getOrDefault(NAV_DIM, "0")) == 0) {
        return new AnnIndex(folder, reader, commit, null);
      }
      FieldInfos fields = FieldInfos.getMergedFieldInfos(reader);
      if (fields.fieldInfo(FULL) == null || fields.fieldInfo(VECTOR) == null) {
        throw new VprException("HNSW index " + folder + " is a projected graph without its vectors (corrupt?)");
      }
      return new AnnIndex(folder, reader, commit, NavigationProjection.read(folder,
          fields.fieldInfo(FULL).getVectorDimension(), fields.fieldInfo(VECTOR).getVectorDimension(),
          commit.get(NAV_PCA_SHA256)));
    } catch (RuntimeException e) {
      closeQuietly(reader, e);
      throw e;
    }
  }

  private static void closeQuietly(DirectoryReader reader, RuntimeException failure) {
    try {
      reader.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
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

  /** The projection the graph is walked in, or null when it is walked on the descriptors themselves. */
  public NavigationProjection navigation() {
    return navigation;
  }

  /** Length of the vectors the graph is walked on ({@link #walkVectors}). */
  public int walkDim() {
    return walkDim;
  }

  /**
   * The re-rank factor searches use unless told otherwise: for a projected graph, the one it
   * measured when built ({@link RerankCalibration}: from 1 on held-out queries, {@link
   * AnnSettings#DEFAULT_NAV_RERANK_FACTOR} or deeper without them; that default for a graph built
   * before the measurement existed), otherwise {@link AnnSettings#DEFAULT_RERANK_FACTOR}.
   */
  public int defaultRerankFactor() {
    if (navigation == null) {
      return AnnSettings.DEFAULT_RERANK_FACTOR;
    }
    String measured = commitData.get(RERANK_FACTOR);
    return measured == null ? AnnSettings.DEFAULT_NAV_RERANK_FACTOR : Integer.parseInt(measured);
  }

  /**
   * The vectors the graph walk compares for the first {@code n} rows of {@code queries} (row-major,
   * {@link #walkDim} each): their projection in a projected graph, else the queries themselves.
   * Projecting a block of queries at once is cheaper than one at a time.
   */
  public float[] walkVectors(float[] queries, int n) {
    return navigation == null ? queries : navigation.project(queries, n);
  }

  /** A query's nearest rows, nearest first, with their exact Euclidean distances. */
  public record Hits(int[] rows, float[] distances) {}

  /**
   * The {@code k} nearest rows of {@code query} among the {@code candidates} (HNSW's ef: more is
   * slower and finds more of the true neighbours) that the graph walk from {@code walk} (the
   * query's {@link #walkVectors}) returns, ranked by their exact Euclidean distance to {@code
   * query}, on equal distances the lower row first (as the exact search). The distances come from
   * the float vectors the graph folder stores (also for an int8 graph, whose walk compares
   * quantized vectors, and for a projected one, whose walk compares projections), so a search
   * touches no other file.
   */
  public Hits nearest(float[] query, float[] walk, int k, int candidates) {
    String reranked = navigation == null ? VECTOR : FULL;
    try {
      // Each segment's own walk (a built graph has one segment): cheaper than IndexSearcher with a
      // KnnFloatVectorQuery, which turns the hits into a query and searches again (docs/scale.md).
      long[] ranked = new long[Math.min(candidates, size()) * leaves.size()];
      int found = 0;
      for (LeafReaderContext context : leaves) {
        LeafReader leaf = context.reader();
        ScoreDoc[] hits = leaf.searchNearestVectors(VECTOR, walk, candidates, leaf.getLiveDocs(), Integer.MAX_VALUE)
            .scoreDocs;
        // Doc values and vectors are read in increasing document order; the ranking is ours, below.
        int[] docs = new int[hits.length];
        for (int i = 0; i < hits.length; i++) {
          docs[i] = hits[i].doc;
        }
        Arrays.sort(docs);
        NumericDocValues rowValues = leaf.getNumericDocValues(ROW);
        FloatVectorValues vectors = leaf.getFloatVectorValues(reranked);
        for (int doc : docs) {
          if (rowValues == null || !rowValues.advanceExact(doc) || vectors == null || vectors.advance(doc) != doc) {
            throw new VprException("HNSW index " + folder + " has a vector without its row number (corrupt?)");
          }
          // Lucene's kernel: SIMD on Java 21 and later (VectorKernels), four times the scalar double
          // loop's speed, which dominated a search with a deep candidate list (docs/scale.md).
          float squared = VectorUtil.squareDistance(query, vectors.vectorValue());
          ranked[found++] = rankKey(squared, (int) rowValues.longValue());
        }
      }
      // One primitive sort of (distance, row) keys: nearest first, on equal distances the lower row.
      Arrays.sort(ranked, 0, found);
      int n = Math.min(k, found);
      Hits out = new Hits(new int[n], new float[n]);
      for (int r = 0; r < n; r++) {
        out.rows()[r] = (int) ranked[r];
        out.distances()[r] = (float) Math.sqrt(Float.intBitsToFloat((int) (ranked[r] >>> 32)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search HNSW index " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * A candidate's sort key: its squared distance's bits above its row. A non-negative float's
   * bits order as the float does, so the keys order by distance, then by row.
   */
  static long rankKey(float squaredDistance, int row) {
    return (long) Float.floatToIntBits(Math.max(0f, squaredDistance)) << 32 | row;
  }

  /**
   * How many vectors the graph walk from {@code walk} (a query's {@link #walkVectors}) compares
   * to find {@code candidates} neighbours (summed over segments): the cost of one search, for profiling.
   */
  public long visited(float[] walk, int candidates) {
    long n = 0;
    try {
      for (LeafReaderContext leaf : leaves) {
        n += leaf.reader().searchNearestVectors(VECTOR, walk, candidates, null, Integer.MAX_VALUE).totalHits.value;
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
    try (NavigationProjection closed = navigation) {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close HNSW index " + folder, e);
    }
  }
}
