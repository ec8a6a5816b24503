package org.vpr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/** The bad-input check of a command line in-process: exit code 2 and a message on stderr. */
public final class UsageErrors {
  private UsageErrors() {}

  /** Runs {@code tool} ({@code Main::run}, {@code SparkMain::run}) expecting exit 2 and {@code part} on stderr. */
  public static void assertUsageError(ToIntFunction<String[]> tool, String part, String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = tool.applyAsInt(args);
    } finally {
      System.setErr(old);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(Main.EXIT_USAGE, code, text);
    assertTrue(text.contains(part), () -> "stderr '" + text + "' lacks '" + part + "'");
  }
}
