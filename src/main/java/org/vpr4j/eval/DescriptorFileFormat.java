package org.vpr4j.eval;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.vpr4j.VprException;

/**
 * The on-disk layout of a descriptor file, all little-endian:
 *
 * <pre>
 * offset  size  field
 *      0     8  magic "VPR4JDSC"
 *      8     4  int32 format version (1)
 *     12     4  int32 dim (descriptor length)
 *     16     8  int64 rows
 *     24     8  reserved, zero
 *     32        rows x dim float32, row-major
 * </pre>
 *
 * The header is 32 bytes so that the data stays aligned for float and vector access.
 */
final class DescriptorFileFormat {
  static final int HEADER_BYTES = 32;
  static final int VERSION = 1;
  private static final byte[] MAGIC = "VPR4JDSC".getBytes(StandardCharsets.US_ASCII);

  private DescriptorFileFormat() {}

  /** The shape a header declares. */
  record Header(long rows, int dim) {
    long dataBytes() {
      return rows * dim * (long) Float.BYTES;
    }

    long fileBytes() {
      return HEADER_BYTES + dataBytes();
    }
  }

  static ByteBuffer encode(long rows, int dim) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(VERSION).putInt(dim).putLong(rows).putLong(0L);
    return b.flip();
  }

  /** Parses and checks a header; {@code file} only names the file in error messages. */
  static Header decode(ByteBuffer header, Path file) {
    header.order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[MAGIC.length];
    header.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new VprException(file + " is not a vpr4j descriptor file (its first bytes are not \"VPR4JDSC\")");
    }
    int version = header.getInt();
    if (version != VERSION) {
      throw new VprException(
          file + " is a descriptor file of format version " + version + "; this build reads version " + VERSION);
    }
    int dim = header.getInt();
    long rows = header.getLong();
    if (dim <= 0 || rows < 0 || rows > Integer.MAX_VALUE) {
      throw new VprException(file + " has a corrupt header: " + rows + " rows x " + dim + " dimensions");
    }
    return new Header(rows, dim);
  }
}
