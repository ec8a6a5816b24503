package org.vpr4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.HelpFormatter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.util.NativeMemory;

/** Entry point of the {@code vpr4j} command-line tool. */
public final class Main {
  private static final Logger LOG = LogManager.getLogger(Main.class);

  /** Exit code for a problem the user can fix (bad input, bad options). */
  public static final int EXIT_USAGE = 2;
  /** Exit code for an unexpected internal failure. */
  public static final int EXIT_FAILURE = 1;

  private Main() {}

  public static void main(String[] argv) {
    NativeMemory.unlimit();
    System.exit(run(argv));
  }

  /** Runs one command and returns its exit code; never calls {@code System.exit}. */
  public static int run(String... argv) {
    return run("vpr4j", Commands.all(), argv);
  }

  /**
   * Runs one of {@code commands} (the tool {@code program}, e.g. {@code vpr4j spark}) and returns
   * its exit code: the same parsing, help and error handling for every entry point.
   */
  public static int run(String program, List<Command> commands, String... argv) {
    if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
      printOverview(System.out, program, commands);
      return argv.length == 0 ? EXIT_USAGE : 0;
    }
    Optional<Command> found = commands.stream().filter(c -> c.name().equals(argv[0])).findFirst();
    if (found.isEmpty()) {
      System.err.println(program + ": unknown command '" + argv[0] + "'");
      printOverview(System.err, program, commands);
      return EXIT_USAGE;
    }
    Command command = found.get();
    String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
    if (command instanceof CommandGroup group) {
      Optional<Command> sub = rest.length == 0 ? Optional.empty() : group.find(rest[0]);
      if (sub.isEmpty()) {
        boolean help = rest.length > 0 && (rest[0].equals("--help") || rest[0].equals("-h"));
        if (!help && rest.length > 0) {
          System.err.println(program + " " + group.name() + ": unknown sub-command '" + rest[0] + "'");
        }
        (help ? System.out : System.err).print(group.usage());
        return help ? 0 : EXIT_USAGE;
      }
      command = sub.get();
      rest = Arrays.copyOfRange(rest, 1, rest.length);
    }
    try {
      Args args = command.options().parse(command.name(), rest);
      if (args.helpRequested()) {
        printHelp(System.out, program, command);
        return 0;
      }
      DatasetOptions.applyImageLimit(args);
      return command.run(args);
    } catch (VprException e) {
      LOG.debug("user error", e);
      System.err.println(program + " " + command.name() + ": error: " + e.getMessage());
      return EXIT_USAGE;
    } catch (UncheckedIOException e) {
      LOG.debug("i/o error", e);
      System.err.println(program + " " + command.name() + ": error: " + e.getMessage());
      return EXIT_USAGE;
    } catch (Exception e) {
      LOG.error(program + " " + command.name() + " failed", e);
      System.err.println(program + " " + command.name() + ": internal error: " + e);
      return EXIT_FAILURE;
    }
  }

  static void printOverview(PrintStream out, String program, List<Command> commands) {
    out.println("usage: " + program + " <command> [options]   (" + program + " <command> --help for its options)");
    out.println();
    out.println("commands:");
    for (Command c : commands) {
      out.printf("  %-9s %s%n", c.name(), c.summary());
    }
  }

  static void printHelp(PrintStream out, String program, Command command) {
    HelpFormatter f = new HelpFormatter();
    PrintWriter w = new PrintWriter(out, true);
    f.printHelp(w, 100, program + " " + command.name() + " [options]", command.summary(),
        command.options().commonsOptions(), 2, 2, "", false);
    w.flush();
  }
}
