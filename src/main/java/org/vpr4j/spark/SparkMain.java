package org.vpr4j.spark;

import java.util.List;
import org.vpr4j.cli.Main;

/**
 * Entry point of {@code vpr4j spark extract|search|evaluate}: the class {@code spark-submit
 * --class} names. Parsing, help and errors are the command line's ({@link Main#run(String, List,
 * String...)}); exit code 2 is bad input.
 */
public final class SparkMain {
  private SparkMain() {}

  public static void main(String[] argv) {
    Main.unlimitNativeMemory();
    int code = run(argv);
    Sessions.stop();
    System.exit(code);
  }

  /** Runs one Spark job and returns its exit code; the session stays open for the next call. */
  public static int run(String... argv) {
    return Main.run("vpr4j spark", List.of(new ExtractCommand(), new SearchCommand(), new EvaluateCommand()), argv);
  }
}
