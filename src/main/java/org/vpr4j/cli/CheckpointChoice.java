package org.vpr4j.cli;

import org.vpr4j.VprException;
import org.vpr4j.io.RunFolder;

/** Picks the checkpoint a command uses: {@code best} falls back to {@code latest}, then {@code init}. */
public final class CheckpointChoice {
  private CheckpointChoice() {}

  public static String resolve(RunFolder run, String requested) {
    if (run.hasCheckpoint(requested)) {
      return requested;
    }
    if (requested.equals("best")) {
      for (String fallback : new String[] {"latest", "imported", "init"}) {
        if (run.hasCheckpoint(fallback)) {
          return fallback;
        }
      }
    }
    throw new VprException("run folder " + run.root() + " has no checkpoint '" + requested + "'");
  }
}
