package org.vpr4j.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.vpr4j.VprException;

/**
 * Copies of the configuration records with some fields changed, through their JSON form: the
 * {@code with} methods name only the fields they change, and the copy passes the record's own
 * validation like any configuration read from a file.
 */
final class Copies {
  /** How messages name the records' fields: {@code model.pooling}, {@code training.loss}. */
  private static final Map<Class<?>, String> SECTIONS = Map.of(ModelConfig.class, "model.", TrainConfig.class,
      "training.");

  private Copies() {}

  static <T extends Record> T with(T config, Map<String, ?> changes) {
    ObjectNode tree = GraphConfig.json().valueToTree(config);
    changes.forEach((field, value) -> {
      if (!tree.has(field)) {
        throw new IllegalArgumentException(config.getClass().getSimpleName() + " has no field " + field);
      }
      tree.set(field, GraphConfig.json().valueToTree(value));
    });
    try {
      @SuppressWarnings("unchecked")
      Class<T> type = (Class<T>) config.getClass();
      return GraphConfig.json().treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      Choice.Unknown unknown = GraphConfig.unknownChoice(e);
      if (e instanceof JsonMappingException m && unknown != null) {
        throw new VprException(SECTIONS.getOrDefault(config.getClass(), "") + GraphConfig.fieldPath(m) + " "
            + unknown.getMessage(), e);
      }
      // the record's constructor rejected the values: its own exception names the field
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot copy " + config + ": " + e.getMessage(), e);
    }
  }
}
