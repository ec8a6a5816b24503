package org.vpr4j.interop.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;
import org.vpr4j.config.Attention;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Variants;

/**
 * The Java importer and weights-import/ read the same variants file; this checks that what each
 * side makes of it agrees: the attention order, the modules of each variant, and which widths are
 * valid.
 */
class VariantsAgreementTest {
  private static final List<Double> WIDTHS = List.of(1.0, 0.5, 0.3, 0.25, 0.1, 0.0625, 0.03125, 0.01);

  @Test
  void javaAndPythonAgreeOnTheVariantsTheOrderAndTheWidths() throws Exception {
    String script = String.join("\n",
        "import json, sys",
        "sys.path.insert(0, '.')",
        "from vpr4j_torch.vprnet import ATTENTION_ORDER, VARIANT_MODULES",
        "from vpr4j_torch.dims import check_width",
        "from vpr4j_torch.errors import UserError",
        "def ok(w):",
        "    try:",
        "        check_width(w)",
        "        return True",
        "    except UserError:",
        "        return False",
        "print(json.dumps({'order': list(ATTENTION_ORDER),",
        "    'variants': {k: list(v) for k, v in VARIANT_MODULES.items()},",
        "    'widths': [ok(w) for w in " + WIDTHS + "]}))");
    PythonTools.Outcome o = PythonTools.run(List.of(PythonTools.PYTHON, "-c", script), null, 120);
    assertEquals(0, o.exitCode(), o.output());
    JsonNode python = GraphConfig.json().readTree(o.output().lines().reduce((a, b) -> b).orElse(""));

    Map<Attention, String> rootOf = new LinkedHashMap<>();
    Variants.attentionOrder().forEach(a -> rootOf.put(a.name(), a.checkpointRoot()));
    Map<String, List<String>> javaVariants = new LinkedHashMap<>();
    for (ImportVariant v : ImportVariant.values()) {
      if (v.hasDescriptor()) {
        // the module order inside a network is the reference order
        javaVariants.put(v.id(), ModelConfig.ATTENTION_ORDER.stream().filter(v.attentions()::contains)
            .map(rootOf::get).toList());
      }
    }
    assertEquals(javaVariants, GraphConfig.json().convertValue(python.get("variants"), Map.class));

    List<String> javaOrder = ModelConfig.ATTENTION_ORDER.stream().map(rootOf::get)
        .filter(root -> javaVariants.values().stream().anyMatch(parts -> parts.contains(root))).toList();
    assertEquals(javaOrder, GraphConfig.json().convertValue(python.get("order"), List.class));

    List<Boolean> javaWidths = new ArrayList<>();
    for (double w : WIDTHS) {
      boolean ok;
      try {
        ModelConfig.paper().withWidth(w);
        ok = true;
      } catch (VprException e) {
        ok = false;
      }
      javaWidths.add(ok);
    }
    assertEquals(javaWidths, GraphConfig.json().convertValue(python.get("widths"), List.class));
    assertEquals(List.of(true, true, false, true, false, true, true, false), javaWidths);
  }
}
