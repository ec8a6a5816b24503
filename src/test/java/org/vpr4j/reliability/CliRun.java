package org.vpr4j.reliability;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.vpr4j.cli.Main;

/** Runs {@code vpr4j} in the test JVM and keeps what it printed to stderr (the error line). */
record CliRun(int exitCode, String stderr) {
  static CliRun of(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    // Log4j's console appender keeps the stream it started with, so only the CLI's own messages land here.
    try (PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(tee);
      int code = Main.run(args);
      return new CliRun(code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
      original.print(captured.toString(StandardCharsets.UTF_8));
    }
  }
}
