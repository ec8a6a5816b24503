package org.vpr4j.model.attention;

import java.util.ArrayList;
import java.util.List;

/**
 * Checkpoint entries that the reference's CRN and DeAttention modules register but never use in
 * forward (docs/attention.md, docs/checkpoints.md): {@code crn_downsample} (3x3 conv C to C, ReLU, BN(C), max-pool) and
 * {@code crn_upsample} (2x2 transposed conv 1 to 1, ReLU, BN(512)). The model does not build them;
 * a weight importer skips these keys and reports them as ignored.
 */
public final class UnusedBlocks {
  private UnusedBlocks() {}

  /** Key prefixes of the unused submodules, one pair per mask-head module. */
  public static final List<String> PREFIXES = List.of(
      DeAttention.PREFIX + ".crn_downsample.", DeAttention.PREFIX + ".crn_upsample.",
      Crn.PREFIX + ".crn_downsample.", Crn.PREFIX + ".crn_upsample.");

  /** The entries each unused submodule holds: a conv at {@code .0}, a BatchNorm at {@code .2}. */
  public static final List<String> SUFFIXES = List.of("0.weight", "0.bias", "2.weight", "2.bias",
      "2.running_mean", "2.running_var", "2.num_batches_tracked");

  /** Every unused key of a checkpoint holding both modules (28 names). */
  public static final List<String> KEYS = allKeys();

  /** Whether a checkpoint key (after removing {@code module.}) belongs to an unused submodule. */
  public static boolean isUnused(String key) {
    return PREFIXES.stream().anyMatch(key::startsWith);
  }

  private static List<String> allKeys() {
    List<String> keys = new ArrayList<>();
    for (String p : PREFIXES) {
      for (String s : SUFFIXES) {
        keys.add(p + s);
      }
    }
    return List.copyOf(keys);
  }
}
