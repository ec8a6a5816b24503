package org.vpr4j.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.cli.Main;

class SynthCommandTest {
  @TempDir Path tmp;

  private static final String[] TINY = {"--places-train", "1", "--places-val", "1", "--places-test", "1",
      "--db-views", "1", "--width", "32", "--height", "24"};

  @Test
  void writesACityAndRefusesToOverwriteItWithoutForce() {
    Path out = tmp.resolve("city");
    assertEquals(0, run(out, false));
    assertTrue(Files.exists(out.resolve("datasets/synthcity_train.mat")));
    assertTrue(Files.exists(out.resolve("queries_real/000/000002_q0.jpg")));
    assertTrue(Files.exists(out.resolve("labels/queries_real/000/000002_q0.png")));
    String err = capturingStderr(() -> assertEquals(Main.EXIT_USAGE, run(out, false)));
    assertTrue(err.contains("--force"), err);
    assertEquals(0, run(out, true));
  }

  @Test
  void badValuesAreUsageErrorsNamingTheOption() {
    String err = capturingStderr(() -> assertEquals(Main.EXIT_USAGE,
        Main.run("synth", "--out", tmp.resolve("x").toString(), "--distractors", "1.5")));
    assertTrue(err.contains("--distractors"), err);
    err = capturingStderr(() -> assertEquals(Main.EXIT_USAGE,
        Main.run("synth", "--out", tmp.resolve("x").toString(), "--width", "wide")));
    assertTrue(err.contains("--width"), err);
  }

  private int run(Path out, boolean force) {
    String[] base = {"synth", "--out", out.toString()};
    String[] argv = new String[base.length + TINY.length + (force ? 1 : 0)];
    System.arraycopy(base, 0, argv, 0, base.length);
    System.arraycopy(TINY, 0, argv, base.length, TINY.length);
    if (force) {
      argv[argv.length - 1] = "--force";
    }
    return Main.run(argv);
  }

  private static String capturingStderr(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
