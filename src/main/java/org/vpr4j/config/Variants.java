package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The networks vpr4j builds and imports, as the data file {@code org/vpr4j/variants.json} lists
 * them: the attention modules in the reference's order with their checkpoint key roots, the width
 * rule, and the imported variants. {@code weights-import/} reads the same file, so the Java and
 * Python sides cannot disagree (docs/attention.md, docs/checkpoints.md).
 */
public final class Variants {
  /** The resource both sides read ({@code src/main/resources/org/vpr4j/variants.json}). */
  public static final String RESOURCE = "/org/vpr4j/variants.json";

  /** An attention module and the root of its checkpoint keys. */
  public record AttentionKeys(Attention name, String checkpointRoot) {}

  /** What an importable network is (the data file's {@code variantKinds}). */
  public enum Kind implements Choice {
    /** A row of the paper's table: a place descriptor. */
    VPR,
    /** The DeepLabV3+ of semantic guidance. */
    SEGMENTER,
    /** ImageNet VGG16 weights for the encoder only. */
    ENCODER;

    @Override
    public String toString() {
      return spelling();
    }

    @JsonCreator
    public static Kind of(String spelling) {
      return Choice.parse(Kind.class, spelling);
    }
  }

  /**
   * One importable network.
   *
   * @param graph the stem of its {@code graphs/*.json}, or null
   * @param attentions its attention modules
   */
  public record Variant(String id, Kind kind, String graph, List<Attention> attentions) {}

  /** The width rule: {@code firstConvChannels * width} must be a whole number of channels. */
  public record Width(int firstConvChannels, String rule) {}

  private record Table(String description, Width width, List<AttentionKeys> attentionOrder, String variantKinds,
      List<Variant> variants) {}

  private static final Table TABLE = load();

  private Variants() {}

  /** The attention modules in the order the reference applies them. */
  public static List<AttentionKeys> attentionOrder() {
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
      Table table = new ObjectMapper().readValue(in, Table.class);
      Set<Attention> ordered = EnumSet.noneOf(Attention.class);
      table.attentionOrder().forEach(a -> ordered.add(a.name()));
      if (!ordered.equals(EnumSet.allOf(Attention.class)) || ordered.size() != table.attentionOrder().size()) {
        throw new IllegalStateException(RESOURCE + " must order every attention module once: "
            + table.attentionOrder() + " against " + List.of(Attention.values()));
      }
      return table;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }
}
