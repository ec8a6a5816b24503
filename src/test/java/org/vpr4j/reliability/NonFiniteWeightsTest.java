package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyRuns;
import org.vpr4j.interop.imports.PythonTools;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.WeightsFile;

/**
 * NaN or infinity in stored numbers (a checkpoint, a centroid file, a query index) is refused when
 * the file is read, naming the file, the tensor and the first bad position, before anything is
 * written. (ONNX initializers: {@code ImportRoundTripTest.nanWeightsAreRefused} and
 * {@code OnnxWeightsErrorsTest}.)
 */
class NonFiniteWeightsTest {
  @TempDir static Path dir;
  static Path data;
  static Path graph;
  static Path run;

  @BeforeAll
  static void runFolder() throws Exception {
    data = TinyRuns.dataset(dir.resolve("data"), 12);
    graph = TinyRuns.graph(dir.resolve("tiny.json"), "\"epochs\":1");
    run = TinyRuns.cluster(graph, data, dir.resolve("run"));
  }

  @Test
  void aNaNInACheckpointStopsTestingWithTheTensorAndPosition() throws Exception {
    Path copy = TinyRuns.copy(run, dir.resolve("nan-ckpt"));
    Path init = copy.resolve("checkpoints/init.h5");
    String tensor = spoil(init, "pool.centroids", 3, Float.NaN);

    CapturedRun r = CapturedRun.of("test", "--run", copy.toString(), "--dataset", data.toString(), "--split", TinyRuns.VAL,
        "--ckpt", "init");

    assertUsageError(r, init.toString(), tensor, "NaN at " + position(init, tensor, 3), "first bad value");
    assertFalse(Files.exists(copy.resolve("reports")), "no report was written");
  }

  @Test
  void anInfinityInACheckpointStopsTrainingBeforeAnyOutput() throws Exception {
    Path copy = TinyRuns.copy(run, dir.resolve("inf-ckpt"));
    Path init = copy.resolve("checkpoints/init.h5");
    String tensor = spoil(init, "encoder.0.weight", 7, Float.NEGATIVE_INFINITY);
    byte[] spoiled = Files.readAllBytes(init);

    CapturedRun r = CapturedRun.of(TinyRuns.trainArgs(copy, data));

    assertUsageError(r, init.toString(), tensor, "-Infinity at " + position(init, tensor, 7));
    assertEquals(List.of("init.h5"), names(copy.resolve("checkpoints")), "no checkpoint was written");
    assertArrayEquals(spoiled, Files.readAllBytes(init));
  }

  @Test
  void aNonFiniteCentroidIsRefusedWithItsPosition() throws Exception {
    int k = GraphConfig.read(graph).model().numClusters();
    int dim = GraphConfig.read(graph).model().encoderDim();
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
      float[][] c = new float[k][dim];
      c[k - 1][dim - 2] = bad;
      Path file = dir.resolve("centroids-" + bad + ".hdf5");
      try (WritableHdfFile h = HdfFile.write(file)) {
        h.putDataset("centroids", c);
      }
      Path out = dir.resolve("run-" + bad);
      CapturedRun r = CapturedRun.of(TinyRuns.with(TinyRuns.clusterArgs(graph, data, out), "--centroids", file.toString()));
      assertUsageError(r, file.toString(), "non-finite", "(" + bad + ") at [" + (k - 1) + ", " + (dim - 2) + "]");
      assertFalse(Files.exists(out));
    }
  }

  @Test
  void aNonFiniteDescriptorInAnIndexIsRefusedWhenTheIndexIsRead() throws Exception {
    Path embedded = index("embedded.h5", "16");
    PythonTools.Outcome o = PythonTools.run(List.of(PythonTools.PYTHON, "-c",
        "import h5py, numpy, sys\nwith h5py.File(sys.argv[1], 'r+') as f: f['descriptors'][4, 9] = numpy.nan",
        embedded.toString()), null, 120);
    assertEquals(0, o.exitCode(), o.output());
    assertUsageError(search(embedded), embedded.toString(), "NaN at [4, 9]", "first bad value");

    Path separate = index("separate.h5", "0");
    Path f32 = dir.resolve("separate.descriptors.f32");
    assertTrue(Files.isRegularFile(f32), "the descriptors are in their own file");
    try (RandomAccessFile raf = new RandomAccessFile(f32.toFile(), "rw")) {
      raf.seek(raf.length() - Float.BYTES); // the last value of the last row
      raf.write(ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.POSITIVE_INFINITY)
          .array());
    }
    CapturedRun r = search(separate);
    assertUsageError(r, separate.toString(), "Infinity at [");
  }

  // ---- helpers ----

  private Path index(String name, String embedMaxMb) {
    Path file = dir.resolve(name);
    CapturedRun r = CapturedRun.of("query", "index", "--run", run.toString(), "--ckpt", "init", "--dataset", data.toString(),
        "--split", TinyRuns.VAL, "--out", file.toString(), "--embed-max-mb", embedMaxMb);
    assertEquals(0, r.exitCode(), r.err());
    return file;
  }

  private CapturedRun search(Path index) {
    return CapturedRun.of("query", "search", "--index", index.toString(), "--dataset", data.toString(), "--split",
        TinyRuns.VAL, "--top-k", "2");
  }

  /** Sets element {@code at} of tensor {@code name} in a weights file to {@code value}; returns the name. */
  private static String spoil(Path file, String name, int at, float value) {
    WeightsFile.Contents c = WeightsFile.read(file);
    Map<String, FloatArray> tensors = new LinkedHashMap<>(c.tensors());
    FloatArray t = tensors.get(name);
    assertTrue(t != null, name + " is in " + tensors.keySet());
    float[] values = t.data().clone();
    values[at] = value;
    tensors.put(name, new FloatArray(t.shape(), values));
    WeightsFile.write(file, tensors, c.attributes());
    return name;
  }

  /** The position a tensor's flat element {@code at} has, read from the file's shape, e.g. {@code [0, 0, 1, 0]}. */
  private static String position(Path file, String name, int at) {
    try (HdfFile h = new HdfFile(file)) {
      long[] shape = h.getDatasetByPath(name).getDimensionsAsLong();
      return new FloatArray(shape, new float[Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b))])
          .position(at);
    }
  }

  private static void assertUsageError(CapturedRun r, String... words) {
    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err());
    for (String w : words) {
      assertTrue(r.err().contains(w), "the message lacks '" + w + "': " + r.err());
    }
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
