package org.vpr4j.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.vpr4j.cli.Main;

/**
 * Runs {@code vpr4j} in a separate JVM on the test class path without Spark, as {@code scripts/vpr4j}
 * runs it, so that a test can kill it, give it a small heap, or watch it fail without taking the
 * test JVM along. Output (stdout and stderr together) goes to a file, which the test reads afterwards.
 */
final class ChildJvm {
  /** How a finished child ended. */
  record Outcome(int exitCode, String output) {}

  private final List<String> jvmOptions;

  private ChildJvm(List<String> jvmOptions) {
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /** A child with the given JVM options (e.g. {@code -Xmx32m}). */
  static ChildJvm withOptions(String... jvmOptions) {
    return new ChildJvm(List.of(jvmOptions));
  }

  /** Starts {@code vpr4j args...}; its output goes to {@code log}. */
  Process start(Path log, String... args) throws IOException {
    return start(log, Main.class, args);
  }

  /** Starts the {@code main} method of {@code mainClass} (on the test class path) with {@code args}. */
  Process start(Path log, Class<?> mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(cliClassPath());
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    return pb.start();
  }

  /**
   * The CLI's own class path, as {@code scripts/vpr4j} has it: the compiled classes (and the test
   * classes, for the tests' logging configuration) and the jars of target/classpath.txt. The jars
   * only Spark (a provided dependency) or only the tests bring stay out: on the class path they
   * cost a -Xmx16m child its headroom (logging, JSON and Hadoop's libraries initialise more), which
   * no user of the CLI pays.
   */
  private static String cliClassPath() throws IOException {
    String testPath = System.getProperty("java.class.path");
    Path cli = Path.of("target", "classpath.txt");
    if (!Files.isRegularFile(cli)) {
      return testPath;
    }
    String sep = java.io.File.pathSeparator;
    Set<String> cliJars = new HashSet<>(List.of(Files.readString(cli).trim().split(sep)));
    List<String> kept = new ArrayList<>();
    for (String entry : testPath.split(sep)) {
      if (Files.isDirectory(Path.of(entry)) || cliJars.contains(entry)) {
        kept.add(entry);
      }
    }
    return String.join(sep, kept);
  }

  /** Runs {@code vpr4j args...} to the end (at most {@code timeoutSeconds}). */
  Outcome run(Path log, long timeoutSeconds, String... args) throws IOException, InterruptedException {
    Process p = start(log, args);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("vpr4j " + String.join(" ", args) + " did not finish in " + timeoutSeconds
          + " s; output:\n" + Files.readString(log));
    }
    return new Outcome(p.exitValue(), Files.readString(log));
  }
}
