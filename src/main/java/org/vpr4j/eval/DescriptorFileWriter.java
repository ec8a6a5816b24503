package org.vpr4j.eval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.vpr4j.io.AtomicFiles;

/**
 * Writes a descriptor file (see {@link MappedDescriptors}) block by block. The rows go to a
 * temporary sibling, and the file appears under its name only once {@link Body#writeRows} has
 * returned normally, so a crash or an exception never leaves a half-written descriptor file:
 *
 * <pre>{@code
 * DescriptorFileWriter.write(path, 32768, out -> {
 *   for (float[][] batch : batches) out.append(batch);
 * });
 * }</pre>
 */
public final class DescriptorFileWriter {
  /** Floats converted to bytes per write call: large enough for throughput, small for memory. */
  private static final int CHUNK_FLOATS = 1 << 18;

  /** Produces the rows of a descriptor file. */
  @FunctionalInterface
  public interface Body {
    void writeRows(DescriptorFileWriter out) throws IOException;
  }

  private final FileChannel channel;
  private final int dim;
  /** Bytes waiting to be written, and a float view of the same memory to fill them. */
  private final ByteBuffer pending;
  private final FloatBuffer pendingFloats;
  private long rowsWritten;

  private DescriptorFileWriter(FileChannel channel, int dim) {
    this.channel = channel;
    this.dim = dim;
    this.pending = ByteBuffer.allocateDirect(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    this.pendingFloats = pending.asFloatBuffer();
  }

  /** Writes {@code target} with descriptors of length {@code dim}, the rows coming from {@code body}. */
  public static void write(Path target, int dim, Body body) {
    if (dim <= 0) {
      throw new IllegalArgumentException("descriptor dimension must be positive, got " + dim);
    }
    AtomicFiles.write(target, tmp -> {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        DescriptorFileWriter out = new DescriptorFileWriter(ch, dim);
        ch.position(DescriptorFileFormat.HEADER_BYTES);
        body.writeRows(out);
        out.finishHeader();
      }
    });
  }

  /** Writes every row of {@code source} to {@code target}, a block at a time. */
  public static void write(Path target, DescriptorStore source) {
    int blockRows = Math.max(1, CHUNK_FLOATS / source.dim());
    write(target, source.dim(), out -> {
      for (int first = 0; first < source.rows(); first += blockRows) {
        int n = Math.min(blockRows, source.rows() - first);
        float[] block = source.read(first, n);
        out.append(block, 0, n);
      }
    });
  }

  /** Descriptor length of this file. */
  public int dim() {
    return dim;
  }

  /** Rows appended so far. */
  public long rowsWritten() {
    return rowsWritten;
  }

  /** Appends {@code rowCount} rows stored row-major in {@code rows} from index {@code offset}. */
  public void append(float[] rows, int offset, int rowCount) throws IOException {
    if (rowCount < 0 || offset < 0 || (long) rowCount * dim > rows.length - (long) offset) {
      throw new IllegalArgumentException(
          rowCount + " rows of " + dim + " floats from index " + offset + " do not fit an array of " + rows.length);
    }
    put(rows, offset, rowCount * dim);
    rowsWritten += rowCount;
  }

  /** Appends each row of a {@code float[rows][dim]} array. */
  public void append(float[][] rows) throws IOException {
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != dim) {
        throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, expected " + dim);
      }
    }
    for (float[] row : rows) {
      put(row, 0, dim);
    }
    rowsWritten += rows.length;
  }

  private void put(float[] src, int offset, int length) throws IOException {
    while (length > 0) {
      int n = Math.min(length, pendingFloats.remaining());
      pendingFloats.put(src, offset, n);
      offset += n;
      length -= n;
      if (!pendingFloats.hasRemaining()) {
        flush();
      }
    }
  }

  private void flush() throws IOException {
    pending.clear().limit(pendingFloats.position() * Float.BYTES);
    writeFully(pending);
    pendingFloats.clear();
  }

  private void finishHeader() throws IOException {
    flush();
    channel.position(0);
    writeFully(DescriptorFileFormat.encode(rowsWritten, dim));
    // The rename that follows must not publish a file whose data is still only in memory.
    channel.force(true);
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }
}
