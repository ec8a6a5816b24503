package org.vpr4j.util;

import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Progress of a long loop: a live bar with rate and ETA on an interactive terminal, and a log
 * line every quarter otherwise (so CI and redirected logs stay readable).
 */
public final class Progress implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(Progress.class);

  /** Loops shorter than this log nothing when there is no terminal. */
  private static final long QUIET_BELOW = 200;

  private final String task;
  private final long total;
  private final ProgressBar bar;
  private final long startNanos = System.nanoTime();
  private long done;
  private int lastQuarter;

  private Progress(String task, long total, String unit) {
    this.task = task;
    this.total = total;
    this.bar = System.console() == null ? null : new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" " + unit, 1)
        .showSpeed()
        .setSpeedUnit(ChronoUnit.SECONDS)
        .build();
  }

  public static Progress start(String task, long total, String unit) {
    return new Progress(task, total, unit);
  }

  public void step(long n) {
    done += n;
    if (bar != null) {
      bar.stepBy(n);
      return;
    }
    int quarter = total == 0 ? 4 : (int) (4 * done / total);
    if (quarter > lastQuarter && total >= QUIET_BELOW) {
      lastQuarter = quarter;
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      LOG.info(String.format("%s: %d/%d (%.1f/s)", task, done, total, done / Math.max(seconds, 1e-9)));
    }
  }

  /** Extra text after the bar, e.g. the running loss. */
  public void message(String text) {
    if (bar != null) {
      bar.setExtraMessage(text);
    }
  }

  public double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
