package org.vpr4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.vpr4j.VprException;

/**
 * The options of one command. Each option's default lives here only, so the help text and
 * the parsed value can never disagree.
 */
public final class OptionSet {
  private final Options options = new Options();
  private final Map<String, String> defaults = new LinkedHashMap<>();

  public OptionSet() {
    options.addOption(Option.builder("h").longOpt("help").desc("print this help and exit").build());
  }

  /** An option with a value and a default ({@code null} default = no value unless given). */
  public OptionSet value(String name, String argName, String defaultValue, String description) {
    String desc = defaultValue == null ? description : description + " (default: " + defaultValue + ")";
    options.addOption(Option.builder().longOpt(name).hasArg().argName(argName).desc(desc).build());
    if (defaultValue != null) {
      defaults.put(name, defaultValue);
    }
    return this;
  }

  /** An option that must be given. */
  public OptionSet required(String name, String argName, String description) {
    options.addOption(
        Option.builder().longOpt(name).hasArg().argName(argName).desc(description + " (required)").build());
    return this;
  }

  /** A boolean switch, off unless given. */
  public OptionSet flag(String name, String description) {
    options.addOption(Option.builder().longOpt(name).desc(description + " (default: off)").build());
    return this;
  }

  public Options commonsOptions() {
    return options;
  }

  public Args parse(String command, String[] argv) {
    try {
      CommandLine cl = new DefaultParser().parse(options, argv);
      if (!cl.getArgList().isEmpty()) {
        throw new VprException(command + ": unexpected argument(s) " + cl.getArgList() + "; see 'vpr4j " + command + " --help'");
      }
      refuseRepeated(command, cl);
      return new Args(command, cl, defaults, options);
    } catch (ParseException e) {
      throw new VprException(command + ": " + e.getMessage() + "; see 'vpr4j " + command + " --help'");
    }
  }

  /**
   * An option given twice would silently keep its first value (lists are comma-separated, not
   * repeated), so it is refused, naming both values.
   */
  private static void refuseRepeated(String command, CommandLine cl) {
    Map<String, List<String>> seen = new LinkedHashMap<>();
    for (Option o : cl.getOptions()) {
      seen.computeIfAbsent(o.getLongOpt(), k -> new ArrayList<>()).add(o.getValue() == null ? "" : o.getValue());
    }
    seen.forEach((name, values) -> {
      if (values.size() > 1) {
        throw new VprException(command + ": --" + name + " is given " + values.size() + " times"
            + (values.get(0).isEmpty() ? "" : " (" + String.join(", ", values) + ")")
            + "; give it once (a list of values is one comma-separated value)");
      }
    });
  }
}
