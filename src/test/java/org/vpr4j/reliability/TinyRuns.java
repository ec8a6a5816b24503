package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.vpr4j.cli.TinyDataset;

/**
 * Tiny datasets and run folders for the reliability tests: a 64x48 model at 1/16 of VGG16's width,
 * small enough that a training epoch takes well under a second.
 */
final class TinyRuns {
  static final String TRAIN = "tiny_train";
  static final String VAL = "tiny_val";

  private TinyRuns() {}

  /** Writes {@code tiny_train} ({@code places} places) and a 6-place {@code tiny_val} under {@code data}. */
  static Path dataset(Path data, int places) throws Exception {
    TinyDataset.write(data, TRAIN, places, 64, 48, 1);
    TinyDataset.write(data, VAL, 6, 64, 48, 2);
    return data;
  }

  /**
   * A graph file for the tiny model; {@code training} is extra JSON members of the training section
   * (e.g. {@code "\"epochs\":4"}), or empty.
   */
  static Path graph(Path file, String training) throws IOException {
    String extra = training.isEmpty() ? "" : "," + training;
    Files.writeString(file, "{\"name\":\"tiny\",\"model\":{\"width\":0.0625,\"inputWidth\":64,\"inputHeight\":48,"
        + "\"numClusters\":8},\"training\":{\"cacheBatchSize\":8,\"negativesPerQuery\":3,\"miningMargin\":1.0,"
        + "\"margin\":1.0,\"lr\":0.01" + extra + "}}");
    return file;
  }

  /** The {@code cluster} arguments that create run folder {@code out} from {@code tiny_train}. */
  static String[] clusterArgs(Path graph, Path data, Path out) {
    return new String[] {"cluster", "--graph", graph.toString(), "--dataset", data.toString(), "--split", TRAIN,
        "--out", out.toString(), "--images", "20", "--per-image", "12", "--iterations", "10"};
  }

  /** Creates run folder {@code out} in this JVM and checks that {@code cluster} succeeded. */
  static Path cluster(Path graph, Path data, Path out) {
    CliRun r = CliRun.of(clusterArgs(graph, data, out));
    assertEquals(0, r.exitCode(), r.stderr());
    return out;
  }

  /** The {@code train} arguments for run folder {@code run} on the tiny splits, plus {@code extra}. */
  static String[] trainArgs(Path run, Path data, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "--run", run.toString(), "--dataset",
        data.toString(), "--train-split", TRAIN, "--val-split", VAL));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** {@code args} followed by {@code more}. */
  static String[] with(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  /** Copies a folder tree (a run folder) to {@code to}. */
  static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }
}
