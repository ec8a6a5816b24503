package org.vpr4j.synth;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Replaces the free-text part of a MAT-5 header, which mfl-core fills with the creation time, by a
 * fixed text, so that the same city gives byte-identical {@code .mat} files. MATLAB and scipy only
 * display that text; the version and byte-order fields after it are left alone.
 */
final class MatHeaders {
  /** The MAT-5 header starts with 116 bytes of descriptive text. */
  static final int TEXT_BYTES = 116;
  private static final String PREFIX = "MATLAB 5.0 MAT-file";

  private MatHeaders() {}

  static void fixDescription(Path mat, String description) throws IOException {
    byte[] text = new byte[TEXT_BYTES];
    Arrays.fill(text, (byte) ' ');
    byte[] wanted = (PREFIX + ", " + description).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(wanted, 0, text, 0, Math.min(wanted.length, TEXT_BYTES));
    try (RandomAccessFile f = new RandomAccessFile(mat.toFile(), "rw")) {
      byte[] head = new byte[PREFIX.length()];
      f.readFully(head);
      if (!PREFIX.equals(new String(head, StandardCharsets.US_ASCII))) {
        throw new IOException(mat + " does not start with a MAT-5 header");
      }
      f.seek(0);
      f.write(text);
    }
  }
}
