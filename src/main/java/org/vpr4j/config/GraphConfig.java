package org.vpr4j.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.RunFolder;

/**
 * One experiment as stored in {@code graphs/*.json}: a name, a description, the network, and the
 * numbers the paper reports for it. A run copies the file it used into its run folder.
 *
 * @param paperRecall the paper's Pitts30k-test recall@N in percent ({@code {"1": 85.2, ...}}), if any
 */
public record GraphConfig(
    String name, String description, ModelConfig model, TrainConfig training, Map<String, Double> paperRecall) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // 2.5 epochs is a mistake to report, not a number to round down
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public GraphConfig {
    if (name == null || name.isBlank()) {
      throw new VprException("graph config has no name");
    }
    if (model == null) {
      throw new VprException("graph config " + name + " has no model section");
    }
    description = description == null ? "" : description;
    training = training == null ? TrainConfig.paper() : training;
    paperRecall = paperRecall == null ? Map.of() : Map.copyOf(paperRecall);
  }

  public GraphConfig withModel(ModelConfig m) {
    return Copies.with(this, Map.of("model", m));
  }

  public GraphConfig withTraining(TrainConfig t) {
    return Copies.with(this, Map.of("training", t));
  }

  /**
   * Applies {@code section.field=value} overrides (e.g. {@code training.lr=0.01},
   * {@code model.width=0.5}) on top of this configuration.
   */
  public GraphConfig withOverrides(java.util.List<String> assignments, String origin) {
    ObjectNode tree = JSON.valueToTree(this);
    for (String a : assignments) {
      int eq = a.indexOf('=');
      int dot = a.indexOf('.');
      if (eq < 0 || dot < 0 || dot > eq) {
        throw new VprException(origin + ": '" + a + "' is not of the form section.field=value");
      }
      String section = a.substring(0, dot);
      String field = a.substring(dot + 1, eq);
      String value = a.substring(eq + 1);
      if (!(tree.get(section) instanceof ObjectNode node) || !node.has(field)) {
        throw new VprException(origin + ": unknown setting '" + section + "." + field + "'");
      }
      try {
        node.set(field, JSON.readTree(value));
      } catch (IOException e) {
        node.put(field, value); // a bare word such as stml
      }
    }
    return fromTree(tree, origin);
  }

  public static GraphConfig read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new VprException("graph config " + file + " does not exist");
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new VprException("graph config " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (!(tree instanceof ObjectNode root)) {
      throw new VprException("graph config " + file + " must be a JSON object");
    }
    // Sections list only what differs from the paper's settings; the rest takes its defaults.
    overlay(root, "model", JSON.valueToTree(ModelConfig.paper()), file);
    overlay(root, "training", JSON.valueToTree(TrainConfig.paper()), file);
    return fromTree(root, "graph config " + file);
  }

  private static void overlay(ObjectNode root, String section, ObjectNode defaults, Path file) {
    JsonNode given = root.get(section);
    if (given != null && !given.isNull()) {
      if (!given.isObject()) {
        throw new VprException("graph config " + file + ": '" + section + "' must be an object");
      }
      given.fieldNames().forEachRemaining(f -> {
        if (!defaults.has(f)) {
          throw new VprException("graph config " + file + ": unknown field '" + section + "." + f + "'");
        }
      });
      defaults.setAll((ObjectNode) given);
    }
    root.set(section, defaults);
  }

  private static GraphConfig fromTree(JsonNode tree, String origin) {
    try {
      return JSON.treeToValue(tree, GraphConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new VprException(origin + ": unknown field '" + e.getPropertyName() + "'");
    } catch (JsonMappingException e) {
      Choice.Unknown unknown = unknownChoice(e);
      if (unknown != null) {
        throw new VprException(origin + ": " + fieldPath(e) + " " + unknown.getMessage(), e);
      }
      if (e instanceof MismatchedInputException m) {
        throw new VprException(origin + ": " + badValue(tree, m), e);
      }
      if (e.getCause() instanceof VprException v) {
        throw new VprException(origin + ": " + v.getMessage(), e);
      }
      throw new VprException(origin + " is invalid: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new VprException(origin + " is invalid: " + e.getMessage(), e);
    }
  }

  /** The name outside a closed set ({@link Choice}) that made Jackson fail, if that is what did. */
  static Choice.Unknown unknownChoice(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof Choice.Unknown u) {
        return u;
      }
    }
    return null;
  }

  /** The setting a Jackson error is about, e.g. {@code training.loss} or {@code model.attentions[1]}. */
  static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** Names the setting whose value has the wrong type, e.g. {@code training.epochs 'abc' is not a whole number}. */
  private static String badValue(JsonNode tree, MismatchedInputException e) {
    List<String> names = e.getPath().stream().map(JsonMappingException.Reference::getFieldName).toList();
    JsonNode value = tree;
    for (String n : names) {
      value = value == null ? null : value.get(n);
    }
    Class<?> type = e.getTargetType();
    String expected = type == int.class || type == Integer.class || type == long.class ? "a whole number"
        : type == double.class || type == Double.class ? "a number"
        : type == boolean.class || type == Boolean.class ? "true or false"
        : "a valid " + (type == null ? "value" : type.getSimpleName());
    return String.join(".", names) + " " + (value == null ? "" : value + " ") + "is not " + expected;
  }

  /** The configuration a run folder uses. */
  public static GraphConfig of(RunFolder run) {
    return read(run.graphFile());
  }

  /** Creates (or reuses) a run folder at {@code root} and writes this configuration into it. */
  public RunFolder createRun(Path root) {
    RunFolder run = RunFolder.at(root);
    write(run.graphFile());
    return run;
  }

  public void write(Path file) {
    AtomicFiles.write(file, tmp -> JSON.writeValue(tmp.toFile(), this));
  }

  public static ObjectMapper json() {
    return JSON;
  }
}
