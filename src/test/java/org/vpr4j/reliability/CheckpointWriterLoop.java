package org.vpr4j.reliability;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.WeightsFile;

/**
 * A child process for {@link AtomicWriteKillTest}: rewrites one weights file over and over, version
 * after version, until it is killed. Each process starts at its own version number, so a file torn
 * between two processes' writes would show. Version {@code v} holds tensors filled with {@code v} and says
 * {@code v} in its {@code version} attribute, so a reader can tell a consistent file from a torn one.
 */
public final class CheckpointWriterLoop {
  /** Floats per tensor: a few megabytes per file, so that a kill often lands inside a write. */
  static final int FLOATS = 1 << 19;
  static final int TENSORS = 4;

  private CheckpointWriterLoop() {}

  /** Arguments: the file, and the first version number to write. */
  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    for (int version = Integer.parseInt(args[1]); ; version++) {
      WeightsFile.write(file, contents(version), Map.of("version", Integer.toString(version)));
      System.out.println("wrote " + version);
    }
  }

  static Map<String, FloatArray> contents(int version) {
    Map<String, FloatArray> tensors = new LinkedHashMap<>();
    for (int t = 0; t < TENSORS; t++) {
      float[] values = new float[FLOATS];
      Arrays.fill(values, version);
      tensors.put("layer" + t + ".weight", new FloatArray(new long[] {FLOATS / 64, 64}, values));
    }
    return tensors;
  }
}
