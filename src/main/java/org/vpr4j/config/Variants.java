package org.vpr4j.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The networks vpr4j builds and imports, as the data file {@code org/vpr4j/variants.json} lists
 * them: the attention modules in the reference's order with their checkpoint key roots, the width
 * rule, and the imported variants. {@code weights-import/} reads the same file, so the Java and
 * Python sides cannot disagree (docs/attention.md, docs/checkpoints.md).
 */
public final class Variants {
  /** The resource both sides read ({@code src/main/resources/org/vpr4j/variants.json}). */
  public static final String RESOURCE = "/org/vpr4j/variants.json";

  /** An attention module: its spelling in {@code model.attentions} and its checkpoint key root. */
  public record Attention(String name, String checkpointRoot) {}

  /**
   * One importable network.
   *
   * @param kind {@code vpr} (a row of the paper's table), {@code segmenter} or {@code encoder}
   * @param graph the stem of its {@code graphs/*.json}, or null
   * @param attentions its attention modules ({@code model.attentions} spellings)
   */
  public record Variant(String id, String kind, String graph, List<String> attentions) {}

  /** The width rule: {@code firstConvChannels * width} must be a whole number of channels. */
  public record Width(int firstConvChannels, String rule) {}

  private record Table(String description, Width width, List<Attention> attentionOrder, String variantKinds,
      List<Variant> variants) {}

  private static final Table TABLE = load();

  private Variants() {}

  /** The attention modules in the order the reference applies them. */
  public static List<Attention> attentionOrder() {
    return TABLE.attentionOrder();
  }

  public static Width width() {
    return TABLE.width();
  }

  /** Every importable network, in the table's order. */
  public static List<Variant> variants() {
    return TABLE.variants();
  }

  /** The variant called {@code id}; an unknown id is a programming error. */
  public static Variant variant(String id) {
    return TABLE.variants().stream().filter(v -> v.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no variant '" + id + "' in " + RESOURCE));
  }

  private static Table load() {
    try (InputStream in = Variants.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return new ObjectMapper().readValue(in, Table.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }
}
