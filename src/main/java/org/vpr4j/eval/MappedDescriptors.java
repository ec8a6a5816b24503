package org.vpr4j.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.vpr4j.VprException;

/**
 * A descriptor file (written by {@link DescriptorFileWriter}; layout in {@code
 * DescriptorFileFormat}: a 32-byte header, then little-endian float32 rows) read through memory
 * mapping, so the operating system pages rows in on demand and nothing is copied into the heap
 * until a block is read. A single {@link MappedByteBuffer} is limited to 2 GB, so the data is
 * mapped in several segments of whole rows.
 */
public final class MappedDescriptors implements DescriptorStore {
  /** Default segment size: well below the 2 GB limit of one mapping. */
  public static final long DEFAULT_SEGMENT_BYTES = 1L << 30;

  private final Path file;
  private final int rows;
  private final int dim;
  private final int rowsPerSegment;
  private final MappedByteBuffer[] segments;

  private MappedDescriptors(Path file, int rows, int dim, int rowsPerSegment, MappedByteBuffer[] segments) {
    this.file = file;
    this.rows = rows;
    this.dim = dim;
    this.rowsPerSegment = rowsPerSegment;
    this.segments = segments;
  }

  /** Opens a descriptor file of any dimension. */
  public static MappedDescriptors open(Path file) {
    return openSegmented(file, DEFAULT_SEGMENT_BYTES);
  }

  /**
   * Opens a descriptor file whose descriptors must have length {@code expectedDim}.
   *
   * @throws VprException if the file holds descriptors of another length
   */
  public static MappedDescriptors open(Path file, int expectedDim) {
    MappedDescriptors d = open(file);
    if (d.dim() != expectedDim) {
      throw new VprException(
          file + " holds descriptors of dimension " + d.dim() + ", expected " + expectedDim
              + " (was it made by another model?)");
    }
    return d;
  }

  /**
   * Opens a descriptor file, mapping at most {@code maxSegmentBytes} per mapping (rounded down to
   * whole rows). Small values exist for testing segment boundaries.
   *
   * @throws VprException if the file is missing, not a descriptor file, or truncated
   */
  static MappedDescriptors openSegmented(Path file, long maxSegmentBytes) {
    if (!Files.isRegularFile(file)) {
      throw new VprException("descriptor file " + file + " does not exist");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < DescriptorFileFormat.HEADER_BYTES) {
        throw new VprException(
            file + " is too short (" + size + " bytes) to be a descriptor file; it may be truncated");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate(DescriptorFileFormat.HEADER_BYTES);
      while (headerBytes.hasRemaining()) {
        if (ch.read(headerBytes, headerBytes.position()) < 0) {
          throw new VprException(file + " ended inside its header; it may be truncated");
        }
      }
      DescriptorFileFormat.Header header = DescriptorFileFormat.decode(headerBytes.flip(), file);
      if (size != header.fileBytes()) {
        throw new VprException(
            file + " should be " + header.fileBytes() + " bytes for " + header.rows() + " x " + header.dim()
                + " float32 descriptors but is " + size + " bytes"
                + (size < header.fileBytes() ? "; it is truncated" : "; it has trailing data"));
      }
      long rowBytes = (long) header.dim() * Float.BYTES;
      if (rowBytes > maxSegmentBytes || maxSegmentBytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "segment size " + maxSegmentBytes + " must hold one row (" + rowBytes + " bytes) and be below 2 GB");
      }
      int rowsPerSegment = (int) (maxSegmentBytes / rowBytes);
      int rows = (int) header.rows();
      int count = (rows + rowsPerSegment - 1) / rowsPerSegment;
      MappedByteBuffer[] segments = new MappedByteBuffer[count];
      for (int s = 0; s < count; s++) {
        long firstRow = (long) s * rowsPerSegment;
        long segRows = Math.min(rowsPerSegment, rows - firstRow);
        segments[s] = ch.map(
            FileChannel.MapMode.READ_ONLY, DescriptorFileFormat.HEADER_BYTES + firstRow * rowBytes, segRows * rowBytes);
      }
      // The mappings stay valid after the channel is closed.
      return new MappedDescriptors(file, rows, header.dim(), rowsPerSegment, segments);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read descriptor file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The file these descriptors come from. */
  public Path file() {
    return file;
  }

  /** Number of mappings the data is split into. */
  int segmentCount() {
    return segments.length;
  }

  @Override
  public int rows() {
    return rows;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public void read(int firstRow, int rowCount, FloatBuffer dst) {
    DescriptorStore.checkRows(this, firstRow, rowCount);
    int row = firstRow;
    int end = firstRow + rowCount;
    while (row < end) {
      int seg = row / rowsPerSegment;
      int inSeg = row - seg * rowsPerSegment;
      int n = Math.min(end - row, rowsPerSegment - inSeg);
      // A duplicate has its own position and byte order, so concurrent reads do not interfere.
      ByteBuffer view = segments[seg].duplicate().order(ByteOrder.LITTLE_ENDIAN);
      view.position(inSeg * dim * Float.BYTES).limit((inSeg + n) * dim * Float.BYTES);
      FloatBuffer rowsHere = view.asFloatBuffer();
      if (dst.hasArray()) {
        // A bulk get into the array is one memory copy from the first call on; put(FloatBuffer)
        // copied float by float until the JIT compiled it (45-60 us per 4,096-D row before that,
        // against 2-3 us; docs/benchmarks.md, "Profile of the HNSW search").
        int floats = n * dim;
        if (dst.remaining() < floats) {
          throw new java.nio.BufferOverflowException();
        }
        rowsHere.get(dst.array(), dst.arrayOffset() + dst.position(), floats);
        dst.position(dst.position() + floats);
      } else {
        dst.put(rowsHere);
      }
      row += n;
    }
  }
}
