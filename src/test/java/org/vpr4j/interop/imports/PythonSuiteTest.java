package org.vpr4j.interop.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the unittest suite of {@code weights-import/} inside {@code mvn test}. */
class PythonSuiteTest {
  @Test
  void weightsImportUnitTestsPass() {
    PythonTools.requireTorchAndOnnx();
    PythonTools.Outcome o = PythonTools.run(
        List.of(PythonTools.PYTHON, "-m", "unittest", "discover", "-s", "tests"), null, 900);
    assertEquals(0, o.exitCode(), "weights-import unit tests failed:\n" + o.output());
    assertTrue(o.output().matches("(?s).*Ran [1-9][0-9]* tests.*\\bOK\\b.*"), "no tests ran:\n" + o.output());
  }
}
