package org.vpr4j.onnx;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vpr4j.VprException;
import org.vpr4j.onnx.proto.OnnxModelProtos.GraphProto;
import org.vpr4j.onnx.proto.OnnxModelProtos.NodeProto;

/**
 * Finds the names under which an initializer is reached through {@code Identity} nodes.
 * torch.onnx stores parameters with identical values only once and gives the other
 * parameter's name to the output of an Identity node reading the kept one; an importer that
 * looks weights up by checkpoint key must follow these nodes, including chains of them.
 */
final class IdentityAliases {
  private IdentityAliases() {}

  /**
   * Maps each Identity output that leads, directly or through further Identity nodes, to an
   * initializer onto that initializer's name; Identity nodes on activations are ignored.
   */
  static Map<String, String> resolve(Path file, GraphProto graph, Set<String> initializerNames) {
    Map<String, String> sourceOf = new LinkedHashMap<>();
    for (NodeProto node : graph.getNodeList()) {
      if (isIdentity(node) && node.getInputCount() == 1 && node.getOutputCount() == 1) {
        sourceOf.put(node.getOutput(0), node.getInput(0));
      }
    }
    Map<String, String> aliases = new LinkedHashMap<>();
    for (String alias : sourceOf.keySet()) {
      String target = followToInitializer(alias, sourceOf, initializerNames);
      if (target == null) {
        continue;
      }
      if (initializerNames.contains(alias)) {
        throw new VprException(file + " is not a valid ONNX model: '" + alias
            + "' is both an initializer and the output of an Identity node");
      }
      aliases.put(alias, target);
    }
    return Collections.unmodifiableMap(aliases);
  }

  private static String followToInitializer(String alias, Map<String, String> sourceOf, Set<String> initializers) {
    String current = sourceOf.get(alias);
    // Each step moves one Identity node back; more steps than nodes would mean a cycle.
    for (int steps = 0; steps <= sourceOf.size(); steps++) {
      if (initializers.contains(current)) {
        return current;
      }
      current = sourceOf.get(current);
      if (current == null) {
        return null;
      }
    }
    return null;
  }

  private static boolean isIdentity(NodeProto node) {
    String domain = node.getDomain();
    return node.getOpType().equals("Identity") && (domain.isEmpty() || domain.equals("ai.onnx"));
  }
}
