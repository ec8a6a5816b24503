package org.vpr4j.spark;

import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkException;
import org.vpr4j.VprException;

/**
 * Turns a Spark job that failed on bad input back into the user error it was: a task that threw
 * a {@link VprException} (an unreadable image, mixed descriptor dimensions) fails the job with a
 * {@link SparkException} that names it; the command then prints the task's message alone.
 */
final class JobFailures {
  private static final Pattern TASK_ERROR = Pattern.compile(Pattern.quote(VprException.class.getName()) + ": (.*)");

  private JobFailures() {}

  static <T> T unwrap(Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) { // SparkException is checked in Java's eyes, yet Spark's actions throw it
      VprException user = userError(e);
      if (user != null) {
        throw user;
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static VprException userError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof VprException v) {
        return new VprException(v.getMessage(), e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SparkException && t.getMessage() != null) {
        Matcher m = TASK_ERROR.matcher(t.getMessage());
        if (m.find()) {
          return new VprException(m.group(1).strip(), e);
        }
      }
    }
    return null;
  }
}
