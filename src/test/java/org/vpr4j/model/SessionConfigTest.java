package org.vpr4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;

/** How many ops a session runs at once. */
class SessionConfigTest {
  @Test
  void inferenceRunsOneOpAtATimeUnlessAsked() {
    assertEquals(1, SessionConfig.opsAtOnce(null, "$X"));
    assertEquals(1, SessionConfig.opsAtOnce(" ", "$X"));
    assertEquals(2, SessionConfig.opsAtOnce(" 2 ", "$X"));
    for (String bad : new String[] {"0", "-1", "two", "1.5"}) {
      VprException e = assertThrows(VprException.class, () -> SessionConfig.opsAtOnce(bad, "$X"));
      assertTrue(e.getMessage().contains("$X") && e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    // The test JVM leaves the variable unset: one op at a time, as training always runs.
    assertEquals(1, SessionConfig.inference().getInterOpParallelismThreads());
    assertEquals(1, SessionConfig.training().getInterOpParallelismThreads());
    assertEquals(Runtime.getRuntime().availableProcessors(), SessionConfig.training().getIntraOpParallelismThreads());
  }
}
