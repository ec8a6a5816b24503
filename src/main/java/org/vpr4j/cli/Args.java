package org.vpr4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.vpr4j.VprException;
import org.vpr4j.config.Choice;

/** Typed access to a parsed command line; values fall back to the defaults of the {@link OptionSet}. */
public final class Args {
  private final String command;
  private final CommandLine cl;
  private final Map<String, String> defaults;
  private final Options options;

  Args(String command, CommandLine cl, Map<String, String> defaults, Options options) {
    this.command = command;
    this.cl = cl;
    this.defaults = defaults;
    this.options = options;
  }

  public boolean helpRequested() {
    return cl.hasOption("help");
  }

  /** Whether this command has option {@code --name} at all. */
  public boolean knows(String name) {
    return options.hasLongOption(name);
  }

  /** True if the user typed the option (as opposed to it taking its default). */
  public boolean given(String name) {
    checkKnown(name);
    return cl.hasOption(name);
  }

  public boolean flag(String name) {
    return given(name);
  }

  /** The value, its default, or {@code null} when neither exists. */
  public String string(String name) {
    checkKnown(name);
    String v = cl.getOptionValue(name);
    return v != null ? v : defaults.get(name);
  }

  public String require(String name) {
    String v = string(name);
    if (v == null || v.isBlank()) {
      throw new VprException(command + ": --" + name + " is required; see 'vpr4j " + command + " --help'");
    }
    return v;
  }

  public Path path(String name) {
    String v = string(name);
    return v == null ? null : Path.of(v);
  }

  public Path requirePath(String name) {
    return Path.of(require(name));
  }

  public int integer(String name) {
    String v = require(name);
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw bad(name, v, "a whole number");
    }
  }

  /** A whole number of at least {@code min}; anything else names the option. */
  public int integerAtLeast(String name, int min) {
    int v = integer(name);
    if (v < min) {
      throw bad(name, string(name), "a whole number of at least " + min);
    }
    return v;
  }

  public long longValue(String name) {
    String v = require(name);
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw bad(name, v, "a whole number");
    }
  }

  public double number(String name) {
    String v = require(name);
    try {
      double d = Double.parseDouble(v.trim());
      if (!Double.isFinite(d)) {
        throw bad(name, v, "a finite number");
      }
      return d;
    } catch (NumberFormatException e) {
      throw bad(name, v, "a number");
    }
  }

  /** A comma-separated list of whole numbers, e.g. {@code 1,5,10}. */
  public List<Integer> integers(String name) {
    List<Integer> out = new ArrayList<>();
    for (String part : strings(name)) {
      try {
        out.add(Integer.parseInt(part));
      } catch (NumberFormatException e) {
        throw bad(name, string(name), "comma-separated whole numbers");
      }
    }
    return out;
  }

  /** A comma-separated list of words; empty when the option has no value. */
  public List<String> strings(String name) {
    String v = string(name);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /** One of a fixed set of words (case-insensitive); returns it in lower case. */
  public String choice(String name, String... allowed) {
    String v = require(name).trim().toLowerCase(java.util.Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw bad(name, v, "one of " + String.join(", ", allowed));
  }

  /** The constant of a configuration's closed set ({@link Choice}) that option {@code name} spells. */
  public <E extends Enum<E> & Choice> E choice(String name, Class<E> type) {
    String v = require(name);
    try {
      return Choice.parse(type, v);
    } catch (Choice.Unknown e) {
      throw bad(name, v.trim(), "one of " + String.join(", ", Choice.spellings(type)));
    }
  }

  private VprException bad(String name, String value, String expected) {
    return new VprException(command + ": --" + name + " '" + value + "' is not " + expected);
  }

  private void checkKnown(String name) {
    if (!options.hasLongOption(name)) {
      throw new IllegalArgumentException("command " + command + " has no option --" + name);
    }
  }
}
