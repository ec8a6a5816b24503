package org.vpr4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vpr4j.VprException;
import org.vpr4j.eval.MappedDescriptors;
import org.vpr4j.eval.SearchResult;

/**
 * The graph searches of {@code bench --what scale} (Lucene's HNSW, jvector's graph), run in a JVM
 * of their own (a serving process: the graph folder opened, nothing else loaded), so that its peak
 * resident memory is that of searching alone. Each ef is searched once to map the touched pages of the
 * graph's files into the process, then in warm passes for the steady state (their mean, see
 * {@link ScaleBenchmark#WARM_PASSES}); the first ef also runs untimed for {@link #SETTLE_SECONDS}
 * in between. Prints one JSON line per ef.
 */
public final class ScaleSearchProcess {
  /**
   * Untimed passes of the first ef, after its first pass, before its warm ones: in the 2026-12-07
   * runs the first ef measured lowest, below deeper ones, while this JVM's compiler was still busy.
   */
  static final double SETTLE_SECONDS = 3;
  /** Heap of the search process: what `query search` needs, far below the index size. */
  static final String HEAP = "-Xmx1g";

  /** One ef's figures; {@code meanVisited} is NaN where the engine does not count compared vectors. */
  record Pass(int ef, double firstSeconds, double warmSeconds, double peakRssMb, double recall, double meanVisited) {}

  private ScaleSearchProcess() {}

  public static void main(String[] args) throws IOException {
    String engine = args[0];
    Path folder = Path.of(args[1]);
    MappedDescriptors q = MappedDescriptors.open(Path.of(args[2]));
    int[][] truth = readTruth(Path.of(args[3]));
    int k = truth[0].length;
    ObjectMapper json = new ObjectMapper();
    try (GraphSearch graph = GraphSearch.open(engine, folder, Integer.parseInt(args[5]))) {
      boolean first = true;
      for (String e : args[4].split(",")) {
        int ef = Integer.parseInt(e);
        ScaleBenchmark.Timed<GraphSearch.Found> timed = ScaleBenchmark.timed(() -> graph.search(q, k, ef),
            first ? SETTLE_SECONDS : 0);
        first = false;
        GraphSearch.Found found = timed.result();
        ObjectNode line = json.createObjectNode().put("ef", ef).put("first_s", timed.firstSeconds())
            .put("warm_s", timed.warmSeconds()).put("rss_mb", ScaleBenchmark.Peak.mb())
            .put("recall", SearchResult.recall(truth, found.result().indices()));
        if (!Double.isNaN(found.meanVisited())) {
          line.put("visited", found.meanVisited()); // JSON has no NaN
        }
        System.out.println(json.writeValueAsString(line));
      }
    }
  }

  /**
   * Runs the searches of every ef in {@code efs} over the graph of {@code engine} (see {@link
   * GraphSearch#open}, which takes {@code rerankFactor}) in {@code folder} in a child JVM (this
   * JVM's executable, class path and module options, the heap {@link #HEAP}).
   */
  static List<Pass> run(String engine, Path folder, Path queries, SearchResult exact, int[] efs, int rerankFactor,
      Path work) throws IOException, InterruptedException {
    Path truthFile = work.resolve("exact-top-k.bin");
    writeTruth(truthFile, exact.indices());
    Path log = Files.createTempFile(work, "search-process", ".log");
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.add(HEAP);
      for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        // The Vector API module and Lucene's switch for it, as the launcher gave them to this JVM.
        if (a.startsWith("--add-modules") || a.startsWith("-Dorg.apache.lucene")) {
          cmd.add(a);
        }
      }
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ScaleSearchProcess.class.getName(), engine,
          folder.toString(), queries.toString(), truthFile.toString(),
          String.join(",", Arrays.stream(efs).mapToObj(Integer::toString).toList()), Integer.toString(rerankFactor)));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (p.waitFor() != 0) {
        throw new VprException("bench scale: the search process failed:\n" + Files.readString(log));
      }
      List<Pass> passes = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith("{\"ef\"")) {
          JsonNode n = json.readTree(line);
          passes.add(new Pass(n.get("ef").asInt(), n.get("first_s").asDouble(), n.get("warm_s").asDouble(),
              n.get("rss_mb").asDouble(), n.get("recall").asDouble(),
              n.has("visited") ? n.get("visited").asDouble() : Double.NaN));
        }
      }
      if (passes.size() != efs.length) {
        throw new VprException("bench scale: the search process printed " + passes.size() + " of " + efs.length
            + " results:\n" + Files.readString(log));
      }
      return passes;
    } finally {
      Files.deleteIfExists(log);
      Files.deleteIfExists(truthFile);
    }
  }

  static void writeTruth(Path file, int[][] indices) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
      out.writeInt(indices.length);
      out.writeInt(indices[0].length);
      for (int[] row : indices) {
        for (int i : row) {
          out.writeInt(i);
        }
      }
    }
  }

  static int[][] readTruth(Path file) throws IOException {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(is))) {
      int[][] out = new int[in.readInt()][];
      int k = in.readInt();
      for (int q = 0; q < out.length; q++) {
        out[q] = new int[k];
        for (int i = 0; i < k; i++) {
          out[q][i] = in.readInt();
        }
      }
      return out;
    }
  }
}
