package org.vpr4j.util;

import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Copies every log line into a file of a run folder for as long as it is open. */
public final class RunLog implements AutoCloseable {
  private final FileAppender appender;

  private RunLog(FileAppender appender) {
    this.appender = appender;
  }

  public static RunLog attach(Path file) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration config = ctx.getConfiguration();
    FileAppender appender = FileAppender.newBuilder()
        .setName("run-" + System.nanoTime())
        .withFileName(file.toString())
        .withAppend(true)
        .setLayout(PatternLayout.newBuilder().withPattern("%d{ISO8601} %-5level %c{1} %msg%n").build())
        .build();
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, null, null);
    ctx.updateLoggers();
    return new RunLog(appender);
  }

  @Override
  public void close() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
    ctx.updateLoggers();
    appender.stop();
  }
}
