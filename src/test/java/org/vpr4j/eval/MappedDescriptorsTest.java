package org.vpr4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;

class MappedDescriptorsTest {
  @TempDir Path dir;

  private static float[] randomMatrix(int rows, int dim, long seed) {
    Random r = new Random(seed);
    float[] m = new float[rows * dim];
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) r.nextGaussian();
    }
    return m;
  }

  @Test
  void roundTripAcrossSegmentBoundaries() throws IOException {
    int rows = 23;
    int dim = 5;
    float[] m = randomMatrix(rows, dim, 1);
    Path file = dir.resolve("d.vdesc");
    // Appended in uneven blocks, partly as float[][], to exercise the writer's buffering.
    DescriptorFileWriter.write(file, dim, out -> {
      out.append(m, 0, 7);
      out.append(new float[][] {Arrays.copyOfRange(m, 7 * dim, 8 * dim), Arrays.copyOfRange(m, 8 * dim, 9 * dim)});
      out.append(m, 9 * dim, rows - 9);
      assertEquals(rows, out.rowsWritten());
    });
    assertEquals(DescriptorFileFormat.HEADER_BYTES + rows * dim * 4L, Files.size(file));

    // 4 rows of 20 bytes per segment (90 bytes rounded down to whole rows): 6 segments.
    MappedDescriptors d = MappedDescriptors.openSegmented(file, 90);
    assertEquals(6, d.segmentCount());
    assertEquals(rows, d.rows());
    assertEquals(dim, d.dim());
    assertArrayEquals(m, d.read(0, rows));
    for (int first = 0; first < rows; first++) {
      for (int n = 0; first + n <= rows; n += 3) {
        assertArrayEquals(Arrays.copyOfRange(m, first * dim, (first + n) * dim), d.read(first, n),
            "rows " + first + " + " + n);
      }
    }
    assertArrayEquals(m, MappedDescriptors.open(file).read(0, rows), "one default-size segment");
  }

  @Test
  void readsIntoAnArraySliceADirectBufferAndRefusesTooLittleRoom() {
    int rows = 9;
    int dim = 4;
    float[] m = randomMatrix(rows, dim, 2);
    Path file = dir.resolve("s.vdesc");
    DescriptorFileWriter.write(file, dim, out -> out.append(m, 0, rows));
    MappedDescriptors d = MappedDescriptors.openSegmented(file, 3 * dim * 4);

    // A heap buffer over an array slice, at a position inside it, across two segments.
    float[] backing = new float[40];
    java.nio.FloatBuffer slice = java.nio.FloatBuffer.wrap(backing, 2, 30).slice();
    slice.position(3);
    d.read(2, 4, slice);
    assertEquals(3 + 4 * dim, slice.position());
    assertArrayEquals(Arrays.copyOfRange(m, 2 * dim, 6 * dim), Arrays.copyOfRange(backing, 5, 5 + 4 * dim));
    assertEquals(0f, backing[4]);
    assertEquals(0f, backing[5 + 4 * dim]);

    java.nio.FloatBuffer direct = ByteBuffer.allocateDirect(rows * dim * 4).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
    d.read(0, rows, direct);
    float[] back = new float[rows * dim];
    direct.flip().get(back);
    assertArrayEquals(m, back);

    java.nio.FloatBuffer small = java.nio.FloatBuffer.wrap(new float[2 * dim - 1]);
    org.junit.jupiter.api.Assertions.assertThrows(java.nio.BufferOverflowException.class, () -> d.read(0, 2, small));
  }

  @Test
  void dataIsLittleEndianFloat32AfterA32ByteHeader() throws IOException {
    Path file = dir.resolve("d.vdesc");
    DescriptorFileWriter.write(file, InMemoryDescriptors.fromRows(new float[][] {{1.5f, -2f}, {3f, 0.25f}}));
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(2, b.getInt(12), "dim");
    assertEquals(2L, b.getLong(16), "rows");
    assertEquals(1.5f, b.getFloat(32));
    assertEquals(0.25f, b.getFloat(44));
  }

  @Test
  void emptyMatrixRoundTrips() {
    Path file = dir.resolve("empty.vdesc");
    DescriptorFileWriter.write(file, 7, out -> {});
    MappedDescriptors d = MappedDescriptors.open(file);
    assertEquals(0, d.rows());
    assertEquals(7, d.dim());
  }

  @Test
  void failureInsideTheBodyLeavesNoFile() throws IOException {
    Path file = dir.resolve("d.vdesc");
    assertThrows(IllegalStateException.class, () -> DescriptorFileWriter.write(file, 4, out -> {
      out.append(new float[8], 0, 2);
      throw new IllegalStateException("model crashed");
    }));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count(), "neither the file nor its temporary sibling may remain");
    }
  }

  @Test
  void truncatedFileIsReported() throws IOException {
    Path file = dir.resolve("d.vdesc");
    DescriptorFileWriter.write(file, InMemoryDescriptors.fromRows(new float[][] {{1, 2, 3}, {4, 5, 6}}));
    try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(file) - 4);
    }
    VprException e = assertThrows(VprException.class, () -> MappedDescriptors.open(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void trailingDataIsReported() throws IOException {
    Path file = dir.resolve("d.vdesc");
    DescriptorFileWriter.write(file, InMemoryDescriptors.fromRows(new float[][] {{1, 2}}));
    Files.write(file, new byte[] {0, 0, 0, 0}, StandardOpenOption.APPEND);
    VprException e = assertThrows(VprException.class, () -> MappedDescriptors.open(file));
    assertTrue(e.getMessage().contains("trailing"), e.getMessage());
  }

  @Test
  void wrongMagicShortFileAndMissingFileAreReported() throws IOException {
    Path notOurs = dir.resolve("other.bin");
    Files.write(notOurs, new byte[64]);
    assertTrue(assertThrows(VprException.class, () -> MappedDescriptors.open(notOurs))
        .getMessage().contains("not a vpr4j descriptor file"));
    Path tiny = dir.resolve("tiny.bin");
    Files.write(tiny, new byte[10]);
    assertTrue(assertThrows(VprException.class, () -> MappedDescriptors.open(tiny)).getMessage().contains("too short"));
    Path missing = dir.resolve("missing.vdesc");
    assertTrue(assertThrows(VprException.class, () -> MappedDescriptors.open(missing)).getMessage()
        .contains(missing.toString()));
    assertFalse(Files.exists(missing));
  }

  @Test
  void unexpectedDimensionIsReported() {
    Path file = dir.resolve("d.vdesc");
    DescriptorFileWriter.write(file, InMemoryDescriptors.fromRows(new float[][] {{1, 2, 3}}));
    assertEquals(3, MappedDescriptors.open(file, 3).dim());
    VprException e = assertThrows(VprException.class, () -> MappedDescriptors.open(file, 4));
    assertTrue(e.getMessage().contains("dimension 3, expected 4"), e.getMessage());
  }

  @Test
  void writerRejectsRowsOfTheWrongLength() {
    Path file = dir.resolve("d.vdesc");
    assertThrows(IllegalArgumentException.class,
        () -> DescriptorFileWriter.write(file, 3, out -> out.append(new float[][] {{1, 2}})));
    assertThrows(IllegalArgumentException.class,
        () -> DescriptorFileWriter.write(file, 3, out -> out.append(new float[5], 0, 2)));
    assertFalse(Files.exists(file));
  }
}
