package org.vpr4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped graphs list only what differs from the paper code's defaults (the README says so). */
class ShippedGraphDefaultsTest {

  @Test
  void shippedGraphsListOnlyWhatDiffersFromTheDefaults() throws Exception {
    Map<String, JsonNode> defaults = Map.of(
        "model", GraphConfig.json().valueToTree(ModelConfig.paper()),
        "training", GraphConfig.json().valueToTree(TrainConfig.paper()));
    List<String> restated = new ArrayList<>();
    List<Path> files;
    try (var list = Files.list(ShippedGraphs.FOLDER)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no graphs in " + ShippedGraphs.FOLDER.toAbsolutePath());
    for (Path file : files) {
      JsonNode graph = GraphConfig.json().readTree(file.toFile());
      defaults.forEach((section, values) -> graph.path(section).fields().forEachRemaining(e -> {
        JsonNode standard = values.get(e.getKey());
        boolean same = standard != null && (standard.isNumber() && e.getValue().isNumber()
            ? standard.asDouble() == e.getValue().asDouble() : standard.equals(e.getValue()));
        if (same) {
          restated.add(file.getFileName() + ": " + section + "." + e.getKey());
        }
      }));
      GraphConfig.read(file); // and each still reads
    }
    assertEquals(List.of(), restated, "fields restating their default");
  }
}
