package org.vpr4j.interop.imports;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.vpr4j.VprException;

/**
 * The networks whose published weights vpr4j imports, under the names {@code weights-import/}
 * uses (its README, the sidecar's {@code variant}, {@code --variant}). Each VPR variant is one row
 * of the paper's table and maps to the {@code graphs/*.json} of that row; the segmenter is kept
 * as an ONNX file for semantic guidance; torchvision's ImageNet VGG16 provides encoder weights only.
 */
public enum ImportVariant {
  BASELINE("baseline", "netvlad", List.of()),
  CRN("crn", "crn", List.of("crn")),
  BAM("bam", "bam", List.of("bam")),
  CBAM("cbam", "cbam", List.of("cbam")),
  SENET("senet", "senet", List.of("senet")),
  DEATT("deatt", "deattention", List.of("deattention")),
  DEATT_SENET("deatt_senet", "deattention-stml", List.of("deattention", "senet")),
  SEGMENTER("segmenter", null, List.of()),
  VGG16_IMAGENET("vgg16_imagenet", "netvlad", List.of());

  /** The {@code ModelConfig} name of each attention module, by its checkpoint key root. */
  private static final Map<String, String> ATTENTION_ROOTS = Map.of(
      "deattention", "deattention",
      "senet_attention", "senet",
      "bam_attention", "bam",
      "cbam_attention", "cbam",
      "crn_attention", "crn");

  private final String id;
  private final String graphName;
  private final List<String> attentions;

  ImportVariant(String id, String graphName, List<String> attentions) {
    this.id = id;
    this.graphName = graphName;
    this.attentions = attentions;
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
  public List<String> attentions() {
    return attentions;
  }

  /** Whether the ONNX file computes a place descriptor (all but the segmenter and plain VGG16). */
  public boolean hasDescriptor() {
    return this != SEGMENTER && this != VGG16_IMAGENET;
  }

  /** Whether the ONNX file has a de-attention mask output. */
  public boolean hasMask() {
    return attentions.contains("deattention");
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
    Set<String> attentions = new TreeSet<>();
    for (String root : roots) {
      if (root.equals("encoder") || root.equals("pool")) {
        continue;
      }
      String attention = ATTENTION_ROOTS.get(root);
      if (attention == null) {
        return Optional.empty();
      }
      attentions.add(attention);
    }
    return Arrays.stream(values())
        .filter(ImportVariant::hasDescriptor)
        .filter(v -> new TreeSet<>(v.attentions).equals(attentions))
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
