package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.vpr4j.io.FloatArray;
import org.vpr4j.io.RunFolder;
import org.vpr4j.io.WeightsFile;
import org.vpr4j.train.TrainingRun;
import org.vpr4j.train.TrainingState;

/** What must hold for the checkpoints of a run folder, whatever happened to the process writing them. */
final class CheckpointAssertions {
  private static final Set<String> CHECKPOINTS = Set.of("init.h5", "best.h5", "latest.h5");

  private CheckpointAssertions() {}

  /**
   * Every checkpoint under its own name is complete and readable, training states included; the only
   * other files are hidden temporaries ({@code .NAME.h5.*.tmp}) that no command reads as a checkpoint.
   */
  static void assertIntact(Path run) throws IOException {
    for (Path f : checkpointsAmongTemporaries(run.resolve("checkpoints"))) {
      WeightsFile.Contents c = WeightsFile.read(f);
      assertTrue(c.tensors().size() > 0, f + " holds no tensors");
      if (!f.getFileName().toString().equals("init.h5")) {
        String state = c.attributes().get(TrainingRun.STATE_ATTRIBUTE);
        assertTrue(state != null, f + " has no training state");
        TrainingState.fromJson(state, f.toString());
      }
    }
  }

  /**
   * The checkpoints ({@code init.h5}, {@code best.h5}, {@code latest.h5}) in {@code folder}; fails on
   * any other file that is not a hidden temporary ({@code .*.tmp}).
   */
  static List<Path> checkpointsAmongTemporaries(Path folder) throws IOException {
    List<Path> checkpoints = new ArrayList<>();
    try (Stream<Path> list = Files.list(folder)) {
      for (Path f : (Iterable<Path>) list.sorted()::iterator) {
        String name = f.getFileName().toString();
        if (CHECKPOINTS.contains(name)) {
          checkpoints.add(f);
        } else if (!(name.startsWith(".") && name.endsWith(".tmp"))) {
          fail("unexpected file " + f + " among the checkpoints (neither a checkpoint nor a hidden temporary)");
        }
      }
    }
    return checkpoints;
  }

  /** The training state stored in a run's checkpoint. */
  static TrainingState state(Path run, String checkpoint) {
    Path f = RunFolder.open(run).checkpoint(checkpoint);
    return TrainingState.fromJson(WeightsFile.read(f).attributes().get(TrainingRun.STATE_ATTRIBUTE), f.toString());
  }

  /**
   * Two runs reached the same training state: epochs, optimizer steps, best epoch and score, the
   * per-epoch history (loss, recalls, batch counts; not the wall time), and bit-identical tensors.
   */
  static void assertSameTraining(Path expected, Path actual, String checkpoint) {
    TrainingState e = state(expected, checkpoint);
    TrainingState a = state(actual, checkpoint);
    assertEquals(e.epochsDone(), a.epochsDone(), checkpoint + ": epochs done");
    assertEquals(e.steps(), a.steps(), checkpoint + ": optimizer steps");
    assertEquals(e.bestEpoch(), a.bestEpoch(), checkpoint + ": best epoch");
    assertEquals(e.bestScore(), a.bestScore(), checkpoint + ": best score");
    assertEquals(e.notImproved(), a.notImproved(), checkpoint + ": epochs without improvement");
    assertEquals(withoutTimes(e.history()), withoutTimes(a.history()), checkpoint + ": epoch history");
    assertSameTensors(RunFolder.open(expected).checkpoint(checkpoint), RunFolder.open(actual).checkpoint(checkpoint));
  }

  /** Every tensor of two weight files (optimizer slots and batch-norm statistics included) is bit-identical. */
  static void assertSameTensors(Path expected, Path actual) {
    Map<String, FloatArray> e = WeightsFile.read(expected).tensors();
    Map<String, FloatArray> a = WeightsFile.read(actual).tensors();
    assertEquals(e.keySet(), a.keySet(), "tensor names of " + actual);
    List<String> differ = new ArrayList<>();
    for (String k : e.keySet()) {
      float[] x = e.get(k).data();
      float[] y = a.get(k).data();
      assertTrue(Arrays.equals(e.get(k).shape(), a.get(k).shape()), k + ": shapes differ");
      if (!Arrays.equals(x, y)) {
        double max = 0;
        for (int i = 0; i < x.length; i++) {
          max = Math.max(max, Math.abs((double) x[i] - y[i]));
        }
        differ.add(k + " (max |diff| " + max + ")");
      }
    }
    assertTrue(differ.isEmpty(), actual + " differs from " + expected + " in " + differ);
  }

  private static List<TrainingState.EpochRecord> withoutTimes(List<TrainingState.EpochRecord> history) {
    return history.stream().map(r -> new TrainingState.EpochRecord(r.epoch(), r.learningRate(), r.meanLoss(),
        r.batches(), r.triplets(), r.skippedQueries(), r.recalls(), 0)).toList();
  }
}
