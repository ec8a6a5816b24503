package org.vpr4j.cli;

import java.util.List;

/** The registry of sub-commands, in the order the overview lists them. */
final class Commands {
  private Commands() {}

  static List<Command> all() {
    return List.of(
        new SynthCommand(),
        new ClusterCommand(),
        new TrainCommand(),
        new GuidanceCommand(),
        new TestCommand(),
        new PcaCommand(),
        new CompareCommand(),
        new QueryCommand(),
        new ExportCommand(),
        new ImportCommand(),
        new BenchCommand());
  }
}
