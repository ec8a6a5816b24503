package org.vpr4j.cli;

import java.util.List;
import java.util.Optional;
import org.vpr4j.VprException;

/**
 * A command that is a family of sub-commands chosen by the next word, as in {@code vpr4j query
 * index} and {@code vpr4j query search}. Each sub-command is a full {@link Command} whose name is
 * the two words, so its errors and help read {@code vpr4j query index ...}.
 */
interface CommandGroup extends Command {
  /** The sub-commands, in the order the usage lists them. */
  List<Command> subcommands();

  /** The sub-command named by {@code word}, e.g. {@code index} for {@code query index}. */
  default Optional<Command> find(String word) {
    return subcommands().stream().filter(c -> c.name().equals(name() + " " + word)).findFirst();
  }

  /** The usage lines printed when no valid sub-command is given. */
  default String usage() {
    StringBuilder out = new StringBuilder("usage: vpr4j " + name() + " <sub-command> [options]   (vpr4j "
        + name() + " <sub-command> --help for its options)\n\nsub-commands:\n");
    for (Command c : subcommands()) {
      out.append(String.format("  %-16s %s%n", c.name(), c.summary()));
    }
    return out.toString();
  }

  /** A group has no options of its own; {@link Main} hands the rest of the line to a sub-command. */
  @Override
  default OptionSet options() {
    return new OptionSet();
  }

  @Override
  default int run(Args args) {
    throw new VprException(name() + ": name a sub-command; see 'vpr4j " + name() + " --help'");
  }
}
