package org.vpr4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;

class GraphConfigTest {
  @TempDir Path dir;

  @Test
  void everyShippedGraphFileLoads() throws Exception {
    try (var files = Files.list(Path.of("graphs"))) {
      List<Path> all = files.filter(p -> p.toString().endsWith(".json")).toList();
      assertTrue(all.size() >= 2);
      for (Path f : all) {
        GraphConfig g = GraphConfig.read(f);
        assertEquals(f.getFileName().toString(), g.name() + ".json", "name matches file name");
      }
    }
  }

  @Test
  void missingFieldsTakeThePapersDefaultsAndTyposAreRejected() throws Exception {
    Path f = dir.resolve("g.json");
    Files.writeString(f, "{\"name\":\"x\",\"model\":{\"width\":0.5},\"training\":{\"loss\":\"stml\"}}");
    GraphConfig g = GraphConfig.read(f);
    assertEquals(0.5, g.model().width());
    assertEquals(640, g.model().inputWidth());
    assertEquals("stml", g.training().loss());
    assertEquals(0.001, g.training().lr());

    Files.writeString(f, "{\"name\":\"x\",\"model\":{\"widht\":0.5}}");
    VprException e = assertThrows(VprException.class, () -> GraphConfig.read(f));
    assertTrue(e.getMessage().contains("model.widht"), e.getMessage());

    Files.writeString(f, "{\"name\":\"x\",\"model\":{\"pooling\":\"sum\"}}");
    e = assertThrows(VprException.class, () -> GraphConfig.read(f));
    assertTrue(e.getMessage().contains("pooling 'sum'"), e.getMessage());
  }

  @Test
  void overridesApplyAndAreChecked() {
    GraphConfig g = GraphConfig.read(Path.of("graphs/netvlad.json"))
        .withOverrides(List.of("training.lr=0.01", "model.width=0.25", "training.loss=stml"), "--set");
    assertEquals(0.01, g.training().lr());
    assertEquals(0.25, g.model().width());
    assertEquals("stml", g.training().loss());
    assertThrows(VprException.class, () -> g.withOverrides(List.of("training.nope=1"), "--set"));
    assertThrows(VprException.class, () -> g.withOverrides(List.of("training.lr=-1"), "--set"));
  }

  @Test
  void roundTripsThroughItsJson() {
    GraphConfig g = GraphConfig.read(Path.of("graphs/netvlad.json"));
    Path out = dir.resolve("copy.json");
    g.write(out);
    assertEquals(g, GraphConfig.read(out));
  }
}
