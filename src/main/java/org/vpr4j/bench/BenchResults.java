package org.vpr4j.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.vpr4j.VprException;
import org.vpr4j.io.AtomicFiles;

/** Reads and writes {@link BenchResult} lists as JSON arrays (one file per measuring process). */
public final class BenchResults {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchResults() {}

  public static void write(Path file, List<BenchResult> results) {
    AtomicFiles.write(file, tmp -> JSON.writeValue(tmp.toFile(), results));
  }

  public static List<BenchResult> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new VprException("benchmark results " + file + " do not exist");
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<List<BenchResult>>() {});
    } catch (IOException e) {
      throw new VprException("benchmark results " + file + " are not a JSON array of measurements: "
          + e.getMessage(), e);
    }
  }

  /** Every {@code *.json} file of {@code folder}, in name order. */
  public static List<BenchResult> readFolder(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new VprException("benchmark results folder " + folder + " does not exist");
    }
    List<BenchResult> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().forEach(f -> out.addAll(read(f)));
    } catch (IOException e) {
      throw new VprException("cannot list benchmark results folder " + folder + ": " + e.getMessage(), e);
    }
    return out;
  }
}
