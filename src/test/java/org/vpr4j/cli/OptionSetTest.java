package org.vpr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;

/** Parsing: defaults, and an option given twice refused rather than silently keeping one value. */
class OptionSetTest {
  private static OptionSet options() {
    return new OptionSet().value("top-k", "N", "25", "neighbours").value("set", "LIST", null, "overrides")
        .flag("exact", "exact search");
  }

  @Test
  void aValueOrItsDefault() {
    Args args = options().parse("search", new String[] {"--set", "a=1,b=2"});
    assertEquals(25, args.integer("top-k"));
    assertEquals(java.util.List.of("a=1", "b=2"), args.strings("set"));
  }

  @Test
  void anOptionGivenTwiceIsRefusedNamingBothValues() {
    VprException e = assertThrows(VprException.class,
        () -> options().parse("search", new String[] {"--top-k", "25", "--exact", "--top-k", "5"}));
    assertEquals("search: --top-k is given 2 times (25, 5); give it once (a list of values is one comma-separated"
        + " value)", e.getMessage());
    VprException flag = assertThrows(VprException.class,
        () -> options().parse("search", new String[] {"--exact", "--exact"}));
    assertEquals("search: --exact is given 2 times; give it once (a list of values is one comma-separated value)",
        flag.getMessage());
  }
}
