package org.vpr4j.guidance;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.vpr4j.data.Category;
import org.vpr4j.data.CityscapesClass;

/**
 * The categories de-attention should suppress, and the keep-mask they define: 1 for a pixel of the
 * static scene, 0 for a pixel of a distractor category (docs/guidance.md: every category is kept, then
 * each listed one is set to 0). Unlabelled pixels ({@link CityscapesClass#VOID}) count as kept,
 * since nothing says they are distractors.
 */
public final class Distractors {
  /** The reference's parser default, also what its clustering uses (docs/clustering.md). */
  public static final List<String> DEFAULT = List.of("human", "vehicle");

  private final Set<Category> categories;
  private final float[] keepById = new float[256];
  private final boolean[] validId = new boolean[256];

  private Distractors(Set<Category> categories) {
    this.categories = Collections.unmodifiableSet(EnumSet.copyOf(categories));
    for (CityscapesClass c : CityscapesClass.values()) {
      keepById[c.trainId()] = categories.contains(c.category()) ? 0f : 1f;
      validId[c.trainId()] = true;
    }
    keepById[CityscapesClass.VOID] = 1f;
    validId[CityscapesClass.VOID] = true;
  }

  /**
   * Distractors from category names such as {@code training.distractors}.
   *
   * @param origin the setting the names came from, named in the error for an unknown category
   */
  public static Distractors of(List<String> names, String origin) {
    EnumSet<Category> set = EnumSet.noneOf(Category.class);
    for (String n : names) {
      set.add(Category.parse(n, origin));
    }
    return new Distractors(set);
  }

  public Set<Category> categories() {
    return categories;
  }

  /** 1 if pixels of train id {@code id} belong to the static scene, 0 if they are distractors. */
  public float keep(int id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException("train id " + id + " is neither 0..18 nor 255");
    }
    return keepById[id];
  }

  /** True for the train ids 0..18 and 255 (void). */
  public boolean isValid(int id) {
    return id >= 0 && id < 256 && validId[id];
  }

  /**
   * The keep-mask of train ids given as unsigned bytes; every id must be valid (the sources check
   * this when they read or predict them).
   */
  public float[] keepMask(byte[] trainIds) {
    float[] out = new float[trainIds.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = keepById[trainIds[i] & 0xFF];
    }
    return out;
  }

  /** A stable name for file keys: the categories in declaration order joined by '+', or {@code none}. */
  public String key() {
    return categories.isEmpty() ? "none"
        : categories.stream().map(Category::id).collect(Collectors.joining("+"));
  }

  @Override
  public String toString() {
    return key();
  }
}
