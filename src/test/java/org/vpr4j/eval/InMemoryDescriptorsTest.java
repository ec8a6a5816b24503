package org.vpr4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class InMemoryDescriptorsTest {
  private static final float[][] MATRIX = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}};

  @Test
  void readsBlocksAndSingleRows() {
    InMemoryDescriptors d = InMemoryDescriptors.fromRows(MATRIX);
    assertEquals(4, d.rows());
    assertEquals(3, d.dim());
    assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9}, d.read(1, 2));
    assertArrayEquals(new float[] {10, 11, 12}, d.row(3));
    assertArrayEquals(new float[0], d.read(4, 0));
  }

  @Test
  void readsAtTheBufferPosition() {
    float[] out = new float[8];
    FloatBuffer dst = FloatBuffer.wrap(out);
    dst.position(2);
    InMemoryDescriptors.fromRows(MATRIX).read(0, 2, dst);
    assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4, 5, 6}, out);
    assertEquals(8, dst.position());
  }

  @Test
  void rowRangeViewIsOffsetAndBounded() {
    DescriptorStore view = InMemoryDescriptors.fromRows(MATRIX).rows(1, 2);
    assertEquals(2, view.rows());
    assertArrayEquals(new float[] {7, 8, 9}, view.row(1));
    assertThrows(IndexOutOfBoundsException.class, () -> view.read(1, 2));
  }

  @Test
  void rejectsBadShapesAndRanges() {
    assertThrows(IllegalArgumentException.class, () -> new InMemoryDescriptors(2, 3, new float[5]));
    assertThrows(IllegalArgumentException.class, () -> InMemoryDescriptors.fromRows(new float[][] {{1, 2}, {3}}));
    InMemoryDescriptors d = InMemoryDescriptors.fromRows(MATRIX);
    assertThrows(IndexOutOfBoundsException.class, () -> d.read(3, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> d.read(-1, 1));
  }

  @Test
  void anEvenlySpacedSampleSpansTheStoreAndAWholeOneIsTheStoreItself() {
    InMemoryDescriptors d = InMemoryDescriptors.fromRows(MATRIX);
    DescriptorStore two = d.evenlySpacedRows(2);
    assertEquals(2, two.rows());
    assertArrayEquals(new float[] {1, 2, 3, 7, 8, 9}, two.read(0, 2));
    assertArrayEquals(new float[] {7, 8, 9}, two.row(1));
    assertEquals(d, d.evenlySpacedRows(4));
    assertEquals(d, d.evenlySpacedRows(10));
    assertThrows(IndexOutOfBoundsException.class, () -> two.read(1, 2));
  }
}
