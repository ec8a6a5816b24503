package org.vpr4j.cli;

import org.vpr4j.spark.SparkSessions;
import org.vpr4j.util.NativeMemory;

/**
 * Entry point of {@code vpr4j spark extract|search|evaluate|bench}: the class {@code spark-submit
 * --class} names, and what {@code scripts/vpr4j spark} starts. Parsing, help and errors are the
 * command line's ({@link Main#run(String, java.util.List, String...)}); exit code 2 is bad input.
 * Kept apart from {@link Main} because Spark is on the class path only here.
 */
public final class SparkMain {
  private SparkMain() {}

  public static void main(String[] argv) {
    NativeMemory.unlimit();
    int code = run(argv);
    SparkSessions.stop();
    System.exit(code);
  }

  /** Runs one Spark job and returns its exit code; the Spark session stays open for the next call. */
  public static int run(String... argv) {
    return Main.run("vpr4j spark", SparkCommands.all(), argv);
  }
}
