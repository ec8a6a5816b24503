package org.vpr4j.interop.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vpr4j.config.GraphConfig;

/**
 * Runs the Python side of the import ({@code weights-import/}) from tests with Debian's
 * {@code /usr/bin/python3}. Missing torch or onnx fails the test with instructions instead of
 * skipping it: the import tests are the only end-to-end check of the converted weights.
 */
public final class PythonTools {
  public static final String PYTHON = "/usr/bin/python3";
  /** The Python folder, relative to the project root (surefire's working folder). */
  public static final Path WEIGHTS_IMPORT = Path.of("weights-import").toAbsolutePath();

  /** Calls each script's {@code main(argv)} in turn in one interpreter (importing torch once). */
  private static final String BATCH_RUNNER = String.join("\n",
      "import importlib, json, sys",
      "sys.path.insert(0, '.')",
      "for script, argv in json.load(sys.stdin):",
      "    code = importlib.import_module(script).main(argv)",
      "    if code:",
      "        print(f'{script}.py {\" \".join(argv)} exited with {code}', file=sys.stderr)",
      "        sys.exit(code)");

  private PythonTools() {}

  /** The output of a finished process. */
  public record Outcome(int exitCode, String output) {}

  /** Fails the calling test unless {@code /usr/bin/python3} can import torch and onnx. */
  public static void requireTorchAndOnnx() {
    Outcome o = run(List.of(PYTHON, "-c", "import torch, onnx, h5py"), null, 120);
    if (o.exitCode() != 0) {
      fail("the ONNX import tests need PyTorch, ONNX and h5py for " + PYTHON
          + ": install the Debian packages python3-torch python3-onnx python3-h5py (apt-get install python3-torch"
          + " python3-onnx python3-h5py). Python said:\n" + o.output());
    }
  }

  /**
   * Runs {@code make_random_checkpoint.py} / {@code convert_to_onnx.py} invocations, each given as the
   * script's stem followed by its arguments, in one interpreter; fails the test on the first error.
   */
  public static void runScripts(List<List<String>> calls) {
    List<Object> json = new ArrayList<>();
    for (List<String> call : calls) {
      json.add(List.of(call.get(0), call.subList(1, call.size())));
    }
    String stdin;
    try {
      stdin = GraphConfig.json().writeValueAsString(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Outcome o = run(List.of(PYTHON, "-c", BATCH_RUNNER), stdin, 600);
    assertEquals(0, o.exitCode(), "weights-import scripts failed:\n" + o.output());
  }

  /** Runs a command in {@link #WEIGHTS_IMPORT}, feeding {@code stdin} (or nothing), with a time limit. */
  public static Outcome run(List<String> command, String stdin, long timeoutSeconds) {
    try {
      Path log = Files.createTempFile("vpr4j-python", ".log");
      try {
        Process p = new ProcessBuilder(command).directory(WEIGHTS_IMPORT.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        try (var in = p.getOutputStream()) {
          if (stdin != null) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
          }
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          fail(command + " did not finish within " + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        return new Outcome(p.exitValue(), Files.readString(log));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      fail("cannot run " + command + " (is " + PYTHON + " installed?): " + e.getMessage());
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
