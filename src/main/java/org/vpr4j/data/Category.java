package org.vpr4j.data;

import java.util.Arrays;
import java.util.Locale;
import org.vpr4j.VprException;

/**
 * The seven Cityscapes categories the 19 train ids fall into (docs/guidance.md). De-attention treats
 * some of them as distractors: {@code human} and {@code vehicle} by default, plus {@code sky} in
 * the paper's best model.
 */
public enum Category {
  FLAT,
  CONSTRUCTION,
  OBJECT,
  NATURE,
  SKY,
  HUMAN,
  VEHICLE;

  /** The lower-case name used in graph files and options ({@code human}, {@code vehicle}, ...). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The category called {@code name} (case-insensitive).
   *
   * @param origin where the name came from, for the error message (e.g. {@code training.distractors})
   */
  public static Category parse(String name, String origin) {
    for (Category c : values()) {
      if (c.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new VprException(origin + ": '" + name + "' is not a Cityscapes category; use one of "
        + Arrays.stream(values()).map(Category::id).toList());
  }
}
