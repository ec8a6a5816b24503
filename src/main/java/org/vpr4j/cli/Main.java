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

/** Entry point of the {@code vpr4j} command-line tool. */
public final class Main {
  private static final Logger LOG = LogManager.getLogger(Main.class);

  /** Exit code for a problem the user can fix (bad input, bad options). */
  public static final int EXIT_USAGE = 2;
  /** Exit code for an unexpected internal failure. */
  public static final int EXIT_FAILURE = 1;

  private Main() {}

  public static void main(String[] argv) {
    unlimitNativeMemory();
    System.exit(run(argv));
  }

  /**
   * JavaCPP (under TensorFlow Java) refuses to allocate a tensor once the process's resident memory
   * exceeds four times the Java heap. TensorFlow's own memory (weights, activations, the library)
   * counts too, so with a small {@code -Xmx} (reasonable here: descriptor caches spill to disk) a
   * run fails with "Physical memory usage is too high" although the machine has memory to spare.
   * The limit is lifted unless the user set it; it must be set before JavaCPP loads.
   */
  static void unlimitNativeMemory() {
    if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null
        && System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
      System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
    }
  }

  /** Runs one command and returns its exit code; never calls {@code System.exit}. */
  public static int run(String... argv) {
    List<Command> commands = Commands.all();
    if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
      printOverview(System.out, commands);
      return argv.length == 0 ? EXIT_USAGE : 0;
    }
    Optional<Command> found = commands.stream().filter(c -> c.name().equals(argv[0])).findFirst();
    if (found.isEmpty()) {
      System.err.println("vpr4j: unknown command '" + argv[0] + "'");
      printOverview(System.err, commands);
      return EXIT_USAGE;
    }
    Command command = found.get();
    String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
    if (command instanceof CommandGroup group) {
      Optional<Command> sub = rest.length == 0 ? Optional.empty() : group.find(rest[0]);
      if (sub.isEmpty()) {
        boolean help = rest.length > 0 && (rest[0].equals("--help") || rest[0].equals("-h"));
        if (!help && rest.length > 0) {
          System.err.println("vpr4j " + group.name() + ": unknown sub-command '" + rest[0] + "'");
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
        printHelp(System.out, command);
        return 0;
      }
      DatasetOptions.applyImageLimit(args);
      return command.run(args);
    } catch (VprException e) {
      LOG.debug("user error", e);
      System.err.println("vpr4j " + command.name() + ": error: " + e.getMessage());
      return EXIT_USAGE;
    } catch (UncheckedIOException e) {
      LOG.debug("i/o error", e);
      System.err.println("vpr4j " + command.name() + ": error: " + e.getMessage());
      return EXIT_USAGE;
    } catch (Exception e) {
      LOG.error("vpr4j " + command.name() + " failed", e);
      System.err.println("vpr4j " + command.name() + ": internal error: " + e);
      return EXIT_FAILURE;
    }
  }

  static void printOverview(PrintStream out, List<Command> commands) {
    out.println("usage: vpr4j <command> [options]   (vpr4j <command> --help for its options)");
    out.println();
    out.println("commands:");
    for (Command c : commands) {
      out.printf("  %-9s %s%n", c.name(), c.summary());
    }
  }

  static void printHelp(PrintStream out, Command command) {
    HelpFormatter f = new HelpFormatter();
    PrintWriter w = new PrintWriter(out, true);
    f.printHelp(w, 100, "vpr4j " + command.name() + " [options]", command.summary(),
        command.options().commonsOptions(), 2, 2, "", false);
    w.flush();
  }
}
