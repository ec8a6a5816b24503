package org.vpr4j.bench;

import io.github.jbellis.jvector.disk.ByteBufferReader;
import io.github.jbellis.jvector.disk.RandomAccessReader;
import io.github.jbellis.jvector.disk.ReaderSupplier;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.pq.KMeansPlusPlusClusterer;
import io.github.jbellis.jvector.pq.PQVectors;
import io.github.jbellis.jvector.pq.ProductQuantization;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.vpr4j.VprException;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.SearchResult;
import org.vpr4j.query.ann.AnnSettings;

/**
 * jvector's graph index (one layer, DiskANN's design) over the scale bench's vectors, measured
 * beside Lucene's HNSW on the same vectors (docs/scale.md, "Why Lucene and not jvector"). Bench
 * only: the product's approximate index stays Lucene's. A folder holds {@value #GRAPH_FILE}, the
 * graph in jvector's on-disk format with every float vector inline, and optionally {@value
 * #PQ_FILE}, jvector's product-quantization codes of the same vectors. Searching maps the graph
 * file; with PQ the graph walk compares quantized vectors held in the heap and the candidates are
 * re-ranked exactly from the graph file's float vectors, as Lucene's int8 graph is.
 */
final class JVectorGraph implements GraphSearch {
  static final String GRAPH_FILE = "graph.jv";
  static final String PQ_FILE = "pq.jv";
  private static final VectorSimilarityFunction EUCLIDEAN = VectorSimilarityFunction.EUCLIDEAN;
  private static final VectorTypeSupport VECTORS = VectorizationProvider.getInstance().getVectorTypeSupport();

  /**
   * How the graph is built.
   *
   * @param maxDegree neighbours per node
   * @param beamWidth candidates considered while inserting (Lucene's efConstruction)
   * @param neighborOverflow how far a node's neighbour list may overflow while inserting, before it is pruned
   * @param alpha how long the edges the pruning keeps may be (above 1, the DiskANN graph's long edges)
   * @param pqSubspaces product-quantization subspaces of one byte each, 0 for none
   */
  record Settings(int maxDegree, int beamWidth, float neighborOverflow, float alpha, int pqSubspaces) {
    /**
     * The analogue of a Lucene graph: Lucene's M neighbours per node on the upper layers, 2 M on the
     * bottom one where every search ends; jvector's graph is that one layer, so 2 M. The beam is
     * Lucene's efConstruction; overflow and alpha 1.2 are what jvector's own examples build with
     * (3.0.6 has no defaults: its builder takes every parameter). PQ with one byte per 8
     * dimensions, 32 times smaller than the float vectors, if asked.
     */
    static Settings like(AnnSettings lucene, int dim, boolean pq) {
      return new Settings(2 * lucene.m(), lucene.efConstruction(), 1.2f, 1.2f, pq ? Math.max(1, dim / 8) : 0);
    }

    String describe() {
      return String.format(java.util.Locale.ROOT, "maxDegree %d, beam %d, alpha %.1f", maxDegree, beamWidth, alpha);
    }
  }

  /** Seconds spent building the graph (the vectors' loading included) and the PQ codes (0 without). */
  record BuildTimes(double graphSeconds, double pqSeconds) {}

  private final Path folder;
  private final OnDiskGraphIndex graph;
  private final PQVectors codes;

  private JVectorGraph(Path folder, OnDiskGraphIndex graph, PQVectors codes) {
    this.folder = folder;
    this.graph = graph;
    this.codes = codes;
  }

  /**
   * Builds the graph of every row of {@code descriptors} in the heap, with one worker per core,
   * and writes it (and the PQ codes, if the settings ask) into {@code folder}. Graph node i is row i.
   */
  static BuildTimes build(DescriptorStore descriptors, Path folder, Settings settings) throws IOException {
    // jvector's writer does not truncate a file left by an interrupted run.
    org.vpr4j.io.AtomicFiles.deleteRecursively(folder);
    Files.createDirectories(folder);
    long t0 = System.nanoTime();
    RandomAccessVectorValues vectors = inHeap(descriptors);
    // jvector's default pools would take half the cores and the common pool (one worker on 2 cores).
    ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    try {
      try (GraphIndexBuilder builder = new GraphIndexBuilder(BuildScoreProvider.randomAccessScoreProvider(vectors,
          EUCLIDEAN), vectors.dimension(), settings.maxDegree(), settings.beamWidth(), settings.neighborOverflow(),
          settings.alpha(), pool, pool)) {
        OnHeapGraphIndex built = builder.build(vectors);
        OnDiskGraphIndex.write(built, vectors, folder.resolve(GRAPH_FILE));
      }
      long t1 = System.nanoTime();
      if (settings.pqSubspaces() == 0) {
        return new BuildTimes((t1 - t0) / 1e9, 0);
      }
      ProductQuantization pq = ProductQuantization.compute(vectors, settings.pqSubspaces(), 256, true,
          KMeansPlusPlusClusterer.UNWEIGHTED, pool, pool);
      PQVectors encoded = pq.encodeAll(vectors, pool);
      try (OutputStream os = Files.newOutputStream(folder.resolve(PQ_FILE));
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
        encoded.write(out);
      }
      return new BuildTimes((t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static RandomAccessVectorValues inHeap(DescriptorStore descriptors) {
    int dim = descriptors.dim();
    List<VectorFloat<?>> rows = new ArrayList<>(descriptors.rows());
    int block = DescriptorStore.blockRows(dim, 64L << 20, Integer.MAX_VALUE);
    for (int r0 = 0; r0 < descriptors.rows(); r0 += block) {
      int n = Math.min(block, descriptors.rows() - r0);
      float[] values = descriptors.read(r0, n);
      for (int i = 0; i < n; i++) {
        rows.add(VECTORS.createFloatVector(java.util.Arrays.copyOfRange(values, i * dim, (i + 1) * dim)));
      }
    }
    return new ListRandomAccessVectorValues(rows, dim);
  }

  /** Opens a folder written by {@link #build}; {@code pq}: walk the graph on the PQ codes. */
  static JVectorGraph open(Path folder, boolean pq) {
    try {
      OnDiskGraphIndex graph = OnDiskGraphIndex.load(new MappedFile(folder.resolve(GRAPH_FILE)));
      PQVectors codes = null;
      if (pq) {
        try (RandomAccessReader in = new MappedFile(folder.resolve(PQ_FILE)).get()) {
          codes = PQVectors.load(in);
        }
      }
      return new JVectorGraph(folder, graph, codes);
    } catch (IOException | RuntimeException e) {
      throw new VprException("jvector graph " + folder + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Every query's {@code k} nearest rows among the {@code max(ef, k)} candidates the graph walk
   * keeps (jvector's rerankK, its beam), queries in parallel, one searcher per worker.
   */
  @Override
  public Found search(DescriptorStore queries, int k, int ef) {
    int candidates = Math.min(graph.size(), Math.max(ef, k));
    int[][] indices = new int[queries.rows()][];
    float[][] distances = new float[queries.rows()][];
    AtomicInteger next = new AtomicInteger();
    LongAdder visited = new LongAdder();
    IntStream.range(0, Runtime.getRuntime().availableProcessors()).parallel().forEach(worker -> {
      try (GraphSearcher searcher = new GraphSearcher(graph)) {
        OnDiskGraphIndex.View view = (OnDiskGraphIndex.View) searcher.getView();
        for (int q = next.getAndIncrement(); q < queries.rows(); q = next.getAndIncrement()) {
          VectorFloat<?> query = VECTORS.createFloatVector(queries.row(q));
          ScoreFunction.ExactScoreFunction exact = view.rerankerFor(query, EUCLIDEAN);
          SearchScoreProvider scores = codes == null ? new SearchScoreProvider(exact)
              : new SearchScoreProvider(codes.precomputedScoreFunctionFor(query, EUCLIDEAN), exact);
          io.github.jbellis.jvector.graph.SearchResult r = searcher.search(scores, k, candidates, 0, 0, Bits.ALL);
          visited.add(r.getVisitedCount());
          indices[q] = new int[r.getNodes().length];
          distances[q] = new float[r.getNodes().length];
          for (int i = 0; i < indices[q].length; i++) {
            indices[q][i] = r.getNodes()[i].node;
            // jvector's Euclidean score is 1 / (1 + d^2).
            distances[q][i] = (float) Math.sqrt(Math.max(0, 1 / r.getNodes()[i].score - 1));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot search jvector graph " + folder, e);
      }
    });
    return new Found(new SearchResult(indices, distances), visited.sum() / (double) Math.max(1, queries.rows()));
  }

  /** Bytes the graph takes on disk, with its PQ codes if {@code pq}. */
  static long sizeOnDisk(Path folder, boolean pq) throws IOException {
    return Files.size(folder.resolve(GRAPH_FILE)) + (pq ? Files.size(folder.resolve(PQ_FILE)) : 0);
  }

  /** The jvector release on the class path and the distance kernels it runs in this JVM. */
  static String describe() {
    String version = "?";
    try (InputStream in = GraphIndexBuilder.class.getResourceAsStream(
        "/META-INF/maven/io.github.jbellis/jvector-base/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        version = p.getProperty("version", version);
      }
    } catch (IOException e) {
      // The version is only named in the report.
    }
    return "jvector " + version + ", " + VectorizationProvider.getInstance().getClass().getSimpleName()
        + " (Java " + Runtime.version().feature() + ")";
  }

  @Override
  public void close() {
    try {
      graph.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close jvector graph " + folder, e);
    }
  }

  /**
   * jvector's reader over one read-only mapping of a file whose pages are read in as they are
   * touched, as Lucene's MMapDirectory does. (jvector's SimpleMappedReader loads the whole file on
   * opening, which would make the search's resident memory the file's size.) One mapping holds at
   * most 2 GiB: 100,000 vectors of 4,096-D with 32 neighbours each take 1.65 GB. Vectors and
   * neighbour lists are copied in bulk ({@link BulkReader}).
   */
  private static final class MappedFile implements ReaderSupplier {
    private final MappedByteBuffer map;

    MappedFile(Path path) throws IOException {
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
        if (channel.size() > Integer.MAX_VALUE) {
          throw new VprException("jvector graph file " + path + " is " + channel.size() + " bytes; the bench maps"
              + " at most 2 GiB in one piece");
        }
        map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      }
    }

    /** A reader of its own (position and big-endian order, as jvector writes) over the shared mapping. */
    @Override
    public RandomAccessReader get() {
      return new BulkReader(map.duplicate());
    }

    /** Nothing to release now: the mapping goes when it is no longer reachable (readers may share it). */
    @Override
    public void close() {}
  }

  /**
   * jvector's ByteBufferReader with bulk copies of floats and ints, as jvector's own reader for
   * Java 22 and later (MemorySegmentReader) does: ByteBufferReader reads a 4,096-D vector one float
   * at a time, a cost of that reader, not of the graph, that would be charged to every compared vector.
   */
  private static final class BulkReader extends ByteBufferReader {
    BulkReader(ByteBuffer buffer) {
      super(buffer);
    }

    @Override
    public void readFully(float[] buffer) {
      read(buffer, 0, buffer.length);
    }

    @Override
    public void read(float[] floats, int offset, int count) {
      bb.asFloatBuffer().get(floats, offset, count);
      bb.position(bb.position() + count * Float.BYTES);
    }

    @Override
    public void read(int[] ints, int offset, int count) {
      bb.asIntBuffer().get(ints, offset, count);
      bb.position(bb.position() + count * Integer.BYTES);
    }
  }
}
