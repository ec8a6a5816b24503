package org.vpr4j.interop.imports;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.vpr4j.VprException;
import org.vpr4j.config.Attention;
import org.vpr4j.config.Variants;

/**
 * The networks whose published weights vpr4j imports, under the names {@code weights-import/}
 * uses (its README, the sidecar's {@code variant}, {@code --variant}). Each VPR variant is one row
 * of the paper's table and maps to the {@code graphs/*.json} of that row; the segmenter is kept
 * as an ONNX file for semantic guidance; torchvision's ImageNet VGG16 provides encoder weights only.
 */
public enum ImportVariant {
  BASELINE("baseline"),
  CRN("crn"),
  BAM("bam"),
  CBAM("cbam"),
  SENET("senet"),
  DEATT("deatt"),
  DEATT_SENET("deatt_senet"),
  SEGMENTER("segmenter"),
  VGG16_IMAGENET("vgg16_imagenet");

  /** Each attention module by its checkpoint key root. */
  private static final Map<String, Attention> ATTENTION_ROOTS = Variants.attentionOrder().stream()
      .collect(Collectors.toMap(Variants.AttentionKeys::checkpointRoot, Variants.AttentionKeys::name));

  private final String id;
  private final String graphName;
  private final List<Attention> attentions;
  private final boolean hasDescriptor;

  /** The rest of each variant comes from the table that weights-import reads too ({@link Variants}). */
  ImportVariant(String id) {
    Variants.Variant v = Variants.variant(id);
    this.id = id;
    this.graphName = v.graph();
    this.attentions = List.copyOf(v.attentions());
    this.hasDescriptor = v.kind() == Variants.Kind.VPR;
  }

  /** The name used by weights-import and on the command line, e.g. {@code deatt_senet}. */
  public String id() {
    return id;
  }

  /** The stem of the {@code graphs/*.json} configuration this variant is imported into; null for the segmenter. */
  public String graphName() {
    return graphName;
  }

  /** The attention modules of the network ({@code ModelConfig} names); empty for the others. */
  public List<Attention> attentions() {
    return attentions;
  }

  /** Whether the ONNX file computes a place descriptor (all but the segmenter and plain VGG16). */
  public boolean hasDescriptor() {
    return hasDescriptor;
  }

  /** Whether the ONNX file has a de-attention mask output. */
  public boolean hasMask() {
    return attentions.contains(Attention.DEATTENTION);
  }

  /** Every variant name, in table order. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(ImportVariant::id).toList();
  }

  /** The variant called {@code id}; {@code origin} (an option or a file) is named when it is unknown. */
  public static ImportVariant byId(String id, String origin) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    for (ImportVariant v : values()) {
      if (v.id.equals(wanted)) {
        return v;
      }
    }
    throw new VprException(origin + ": unknown variant '" + id + "'; known: " + String.join(", ", ids()));
  }

  /**
   * The variant whose checkpoint keys these are, judged by the key roots (the text before the
   * first dot): {@code backbone} + {@code classifier} is DeepLab, {@code features} is torchvision's
   * VGG16, {@code encoder} + {@code pool} a VPR network whose attention roots pick the row.
   * Empty when the roots fit no variant; {@link #describeRoots} says what they are.
   */
  public static Optional<ImportVariant> detect(Collection<String> names) {
    Set<String> roots = roots(names);
    if (roots.equals(Set.of("backbone", "classifier"))) {
      return Optional.of(SEGMENTER);
    }
    if (roots.equals(Set.of("features"))) {
      return Optional.of(VGG16_IMAGENET);
    }
    if (!roots.contains("encoder") || !roots.contains("pool")) {
      return Optional.empty();
    }
    Set<Attention> attentions = EnumSet.noneOf(Attention.class);
    for (String root : roots) {
      if (root.equals("encoder") || root.equals("pool")) {
        continue;
      }
      Attention attention = ATTENTION_ROOTS.get(root);
      if (attention == null) {
        return Optional.empty();
      }
      attentions.add(attention);
    }
    return Arrays.stream(values())
        .filter(ImportVariant::hasDescriptor)
        .filter(v -> Set.copyOf(v.attentions).equals(attentions))
        .findFirst();
  }

  /** The key roots of {@code names} as a readable list, for error messages. */
  public static String describeRoots(Collection<String> names) {
    Set<String> roots = roots(names);
    return roots.isEmpty() ? "no parameter names" : "key roots " + String.join(", ", roots);
  }

  private static Set<String> roots(Collection<String> names) {
    return names.stream()
        .filter(n -> n.indexOf('.') > 0 && !n.contains("::"))
        .map(n -> n.substring(0, n.indexOf('.')))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
