package org.vpr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.fixtures.TinyRuns;

/** {@code vpr4j test} picks the evaluation protocol of the split and names it in every report. */
class ProtocolCliTest {
  @TempDir static Path dir;
  static Path data;
  static Path run;

  @BeforeAll
  static void runFolder() throws Exception {
    data = dir.resolve("data");
    TinyData.pittsburgh(data, "tiny_train", 6, 64, 48, 1);
    TinyData.tokyoTm(data, "tokyoTM_val", 4, 64, 48, 2);
    Path graph = TinyRuns.graph(dir.resolve("tiny.json"), "");
    run = TinyRuns.cluster(TinyRuns.clusterArgs(graph, data, "tiny_train", dir.resolve("run"), 12, 5));
  }

  @Test
  void tokyoTmGetsTheDateRuleByDefaultAndEveryReportNamesIt() throws Exception {
    assertEquals(0, test("--split", "tokyoTM_val"));
    Path reports = run.resolve("reports");
    JsonNode json = GraphConfig.json().readTree(reports.resolve("test-tokyoTM_val-init.json").toFile());
    assertEquals("tokyotm-date", json.get("protocol").get("name").asText());
    assertTrue(json.get("protocol").get("description").asText().contains("same"), json.toString());
    assertTrue(Files.readString(reports.resolve("test-tokyoTM_val-init.md")).contains("Protocol `tokyotm-date`"));
    assertTrue(Files.readString(reports.resolve("test-tokyoTM_val-init.html")).contains("<code>tokyotm-date</code>"));
  }

  @Test
  void anotherProtocolWritesItsOwnReports() throws Exception {
    assertEquals(0, test("--split", "tokyoTM_val", "--protocol", "plain"));
    JsonNode json = GraphConfig.json().readTree(run.resolve("reports/test-tokyoTM_val-init-plain.json").toFile());
    assertEquals("plain", json.get("protocol").get("name").asText());
  }

  @Test
  void theDateRuleOnASplitWithoutDatesIsABadOption() {
    assertEquals(Main.EXIT_USAGE, test("--split", "tiny_train", "--protocol", "tokyotm-date"));
    assertEquals(Main.EXIT_USAGE, test("--split", "tiny_train", "--protocol", "nms"));
  }

  private static int test(String... more) {
    List<String> args = new ArrayList<>(List.of("test", "--run", run.toString(),
        "--dataset", data.toString(), "--ckpt", "init"));
    args.addAll(List.of(more));
    return Main.run(args.toArray(String[]::new));
  }
}
