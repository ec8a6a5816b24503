package org.vpr4j.interop.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vpr4j.config.GraphConfig;

class ImportReportTest {
  private static ImportReport report(List<OutputParity> parity, String images) {
    return new ImportReport(Path.of("m.onnx"), "0123456789abcdef0123", ImportVariant.DEATT, "sidecar m.onnx.json",
        "VGG16", "deattention", 3, 1234567, List.of("deattention.crn_conv1.2.num_batches_tracked",
            "deattention.crn_downsample.0.bias", "deattention.crn_downsample.0.weight"), images, parity, List.of(),
        NullNode.getInstance(), List.of(Path.of("run/import.json")));
  }

  @Test
  void tableAndJsonCarryTheFigures() throws Exception {
    OutputParity ok = OutputParity.compare("descriptor", ParityCheck.ORT_VS_TF, 2, new float[] {0.5f},
        new float[] {0.5f}, 1e-4);
    OutputParity bad = OutputParity.compare("mask", ParityCheck.ORT_VS_TF, 2, new float[] {0.5f}, new float[] {0.6f},
        1e-4);
    ImportReport r = report(List.of(ok, bad), "2 synthetic images");
    assertFalse(r.parityPassed());
    String table = r.table();
    assertTrue(table.contains("| parameters | 1,234,567 |"), table);
    assertTrue(table.contains("3 (deattention.crn_downsample: 2, num_batches_tracked: 1)"), table);
    assertTrue(table.contains("| mask | onnxruntime vs tensorflow | 2 | 1.00e-01 | 1.00e-04 | FAILED |"), table);
    JsonNode json = GraphConfig.json().readTree(r.json());
    assertEquals("deatt", json.get("variant").asText());
    assertFalse(json.get("parity").get("passed").asBoolean());
    assertEquals(2, json.get("parity").get("outputs").size());
    assertEquals(3, json.get("ignored_keys").size());
  }

  @Test
  void skippedParityIsSaidSo() throws Exception {
    ImportReport r = report(List.of(), null);
    assertTrue(r.parityPassed());
    assertTrue(r.table().contains("parity check skipped"));
    assertFalse(GraphConfig.json().readTree(r.json()).get("parity").get("checked").asBoolean());
  }
}
