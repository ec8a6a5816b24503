package org.vpr4j.cli;

/** One sub-command of the {@code vpr4j} tool. */
public interface Command {
  /** The word the user types, e.g. {@code test}. */
  String name();

  /** One line for the command list. */
  String summary();

  /** Every option this command takes, with its default. */
  OptionSet options();

  /** Runs the command; returns the process exit code. */
  int run(Args args) throws Exception;
}
