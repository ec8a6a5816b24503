package org.vpr4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vpr4j.eval.Evaluation;
import org.vpr4j.eval.EvaluationProtocol;

/** The terminal/Markdown table and {@code vpr4j compare} print the same one-decimal recall. */
class TestReportTableTest {
  @Test
  void aRecallOnTheHalfRoundsAsTheStoredPercentDoes() {
    // 113 of 400 queries: 0.2825 is 0.28249999... in binary; the JSON stores 28.25.
    double fraction = 113 / 400.0;
    assertEquals(28.25, TestReport.percent(fraction));
    assertEquals("28.3", TestReport.formatPercent(TestReport.percent(fraction)));
    Map<Integer, Double> recalls = new LinkedHashMap<>();
    recalls.put(1, fraction);
    recalls.put(5, 222 / 400.0);
    Evaluation.Result r = new Evaluation.Result("synthcity_test", 400, 400, 0, recalls, new int[0][], new float[0][],
        new int[0][], 0, 0, EvaluationProtocol.PLAIN);
    String table = TestReport.table("m", r);
    assertTrue(table.contains("| 28.3 | 55.5 |"), table);
  }
}
