package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vpr4j.VprException;

/**
 * One value of a closed set of names in a configuration (a loss, an optimizer, a pooling...).
 * Each constant is written in JSON, in {@code --set} and in messages by its {@link #spelling()};
 * reading ignores case, as the string fields always did.
 */
public interface Choice {
  /**
   * The name in {@code graphs/*.json}: the constant's name in lower case with '-' for '_'
   * ({@code ENCODER_POOL} is {@code encoder-pool}).
   */
  @JsonValue
  default String spelling() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant of {@code type} spelt {@code text} (any case), or a {@link Unknown} listing the spellings. */
  static <E extends Enum<E> & Choice> E parse(Class<E> type, String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.spelling().equals(wanted)) {
        return e;
      }
    }
    throw new Unknown(text, spellings(type));
  }

  /** Every spelling of {@code type}, in declaration order. */
  static <E extends Enum<E> & Choice> List<String> spellings(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Choice::spelling).toList();
  }

  /**
   * A name outside the set. The message says only what is wrong with the value; whoever knows
   * the field ({@link GraphConfig}, {@link Copies}, a command) puts the field's name before it.
   */
  final class Unknown extends VprException {
    public Unknown(String value, List<String> allowed) {
      super("'" + value + "' is not one of " + allowed);
    }
  }
}
