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
import org.vpr4j.config.Attention;
import org.vpr4j.config.CacheModel;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.Loss;

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
    assertEquals(Loss.STML, g.training().loss());
    assertEquals(0.001, g.training().lr());

    Files.writeString(f, "{\"name\":\"x\",\"model\":{\"widht\":0.5}}");
    VprException e = assertThrows(VprException.class, () -> GraphConfig.read(f));
    assertTrue(e.getMessage().contains("model.widht"), e.getMessage());

    Files.writeString(f, "{\"name\":\"x\",\"model\":{\"pooling\":\"sum\"}}");
    e = assertThrows(VprException.class, () -> GraphConfig.read(f));
    assertTrue(e.getMessage().contains("model.pooling 'sum' is not one of [netvlad, max, avg, gem]"), e.getMessage());

    Files.writeString(f, "{\"name\":\"x\",\"training\":{\"cacheModel\":\"encoder_pool\"}}");
    e = assertThrows(VprException.class, () -> GraphConfig.read(f));
    assertTrue(e.getMessage().contains("training.cacheModel 'encoder_pool' is not one of [full, encoder-pool]"),
        e.getMessage());
  }

  @Test
  void namesAreWrittenWithTheirOwnSpellings() throws Exception {
    Path f = dir.resolve("g.json");
    Files.writeString(f, "{\"name\":\"x\",\"model\":{\"attentions\":[\"deattention\",\"SENET\"]},"
        + "\"training\":{\"cacheModel\":\"encoder-pool\",\"lrSchedule\":\"step\",\"optimizer\":\"adam\"}}");
    GraphConfig g = GraphConfig.read(f);
    assertEquals(List.of(Attention.DEATTENTION, Attention.SENET), g.model().attentions());
    assertEquals(CacheModel.ENCODER_POOL, g.training().cacheModel());
    Path out = dir.resolve("out.json");
    g.write(out);
    String written = Files.readString(out);
    for (String spelling : List.of("\"encoder-pool\"", "\"step\"", "\"adam\"", "\"senet\"", "\"vgg16\"",
        "\"netvlad\"", "\"reflect\"", "\"square\"", "\"triplet\"", "\"conv3\"")) {
      assertTrue(written.contains(spelling), spelling + " in " + written);
    }
  }

  @Test
  void overridesApplyAndAreChecked() {
    GraphConfig g = GraphConfig.read(Path.of("graphs/netvlad.json"))
        .withOverrides(List.of("training.lr=0.01", "model.width=0.25", "training.loss=stml"), "--set");
    assertEquals(0.01, g.training().lr());
    assertEquals(0.25, g.model().width());
    assertEquals(Loss.STML, g.training().loss());
    assertThrows(VprException.class, () -> g.withOverrides(List.of("training.nope=1"), "--set"));
    assertThrows(VprException.class, () -> g.withOverrides(List.of("training.lr=-1"), "--set"));
    VprException e = assertThrows(VprException.class,
        () -> g.withOverrides(List.of("training.optimizer=rmsprop"), "--set"));
    assertEquals("--set: training.optimizer 'rmsprop' is not one of [sgd, adam]", e.getMessage());
  }

  @Test
  void roundTripsThroughItsJson() {
    GraphConfig g = GraphConfig.read(Path.of("graphs/netvlad.json"));
    Path out = dir.resolve("copy.json");
    g.write(out);
    assertEquals(g, GraphConfig.read(out));
  }
}
