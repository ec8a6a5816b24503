package org.vpr4j;

/**
 * A problem the user can fix: bad input, a missing file, inconsistent options.
 * The CLI prints only its message (no stack trace) and exits with code 2, so the
 * message must name the file or option and say what is wrong with it.
 */
public class VprException extends RuntimeException {
  public VprException(String message) {
    super(message);
  }

  public VprException(String message, Throwable cause) {
    super(message, cause);
  }
}
