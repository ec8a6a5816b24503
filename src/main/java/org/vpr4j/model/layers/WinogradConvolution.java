package org.vpr4j.model.layers;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;

/**
 * A 3x3, stride-1, zero-padded convolution by Winograd's minimal filtering F(2x2, 3x3) (Lavin and
 * Gray, "Fast Algorithms for Convolutional Neural Networks", 2016), for inference graphs. Each 2x2
 * block of outputs comes from the 4x4 tile of inputs around it (tiles taken every 2 pixels): with
 * {@code d} a tile and {@code g} the kernel of one input and output channel, the block is
 * {@code A^T [(G g G^T) ⊙ (B^T d B)] A} with
 * <pre>
 *   B^T = | 1  0 -1  0 |   G = | 1    0    0   |   A^T = | 1  1  1  0 |
 *         | 0  1  1  0 |       | 1/2  1/2  1/2 |         | 0  1 -1 -1 |
 *         | 0 -1  1  0 |       | 1/2 -1/2  1/2 |
 *         | 0  1  0 -1 |       | 0    0    1   |
 * </pre>
 * Summed over input channels, the elementwise product becomes 16 matrix products
 * {@code [tiles, in] x [in, out]}, one per position of the transformed 4x4 tile: 16 products per
 * 4 outputs where a direct convolution does 36, 2.25x less work. The price is the elementwise
 * transforms around the products, which pay off only for wide channels; {@code MeasuredConvPlan}
 * times it per shape (docs/benchmarks.md, "Winograd convolutions", also on why F(4x4, 3x3) is not
 * offered). The transforms add, subtract and halve, so the result differs from a direct
 * convolution by float32 rounding alone (LoweredConvolutionTest).
 */
public final class WinogradConvolution {
  private static final float[][] INPUT = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
  private static final float[][] KERNEL = {{1, 0, 0}, {0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f}, {0, 0, 1}};
  private static final float[][] OUTPUT = {{1, 1, 1, 0}, {0, 1, -1, -1}};
  /** Outputs per block side. */
  private static final int M = 2;
  /** Inputs per tile side. */
  private static final int T = M + 2;

  private WinogradConvolution() {}

  /**
   * @param x NHWC input with static height, width and {@code in} channels (any batch size)
   * @param weight HWIO kernel [3, 3, in, out]
   * @return the convolution, NHWC [batch, height, width, out], without bias
   */
  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> weight, int in, int out) {
    long height = x.shape().size(1);
    long width = x.shape().size(2);
    long tileRows = (height + M - 1) / M;
    long tileColumns = (width + M - 1) / M;
    List<Operand<TFloat32>> transformed = transformedTiles(tf, x, in, tileRows, tileColumns);
    Operand<TFloat32> kernels = kernelTransform(tf, weight, in, out);
    List<Operand<TFloat32>> products = new ArrayList<>(T * T);
    for (int p = 0; p < T * T; p++) {
      Operand<TFloat32> kernel = tf.reshape(tf.slice(kernels, tf.constant(new long[] {p, 0, 0}),
          tf.constant(new long[] {1, in, out})), tf.constant(new long[] {in, out}));
      products.add(tf.linalg.matMul(transformed.get(p), kernel));
    }
    Operand<TFloat32> image = outputImage(tf, products, tileRows, tileColumns, out);
    if (M * tileRows == height && M * tileColumns == width) {
      return image;
    }
    return tf.slice(image, tf.constant(new long[] {0, 0, 0, 0}), tf.constant(new long[] {-1, height, width, out}));
  }

  /** {@code B^T d B} of every tile: T * T matrices [tiles, in], tile position {@code T * a + b}. */
  private static List<Operand<TFloat32>> transformedTiles(Ops tf, Operand<TFloat32> x, int in, long tileRows,
      long tileColumns) {
    long height = x.shape().size(1);
    long width = x.shape().size(2);
    // One zero row and column before the image; after it, enough zeros for whole tiles and for
    // rows and columns grouped by M.
    long paddedHeight = M * (tileRows + 1);
    long paddedWidth = M * (tileColumns + 1);
    Operand<TFloat32> padded = tf.pad(x, tf.constant(new long[][] {{0, 0}, {1, paddedHeight - 1 - height},
        {1, paddedWidth - 1 - width}, {0, 0}}), tf.constant(0f));

    // Row r of tile row i is padded row M*i + r: group r / M, offset r % M of the rows grouped by M.
    Operand<TFloat32> rowGroups = tf.reshape(padded, tf.constant(new long[] {-1, tileRows + 1, M, paddedWidth, in}));
    List<Operand<TFloat32>> rows = new ArrayList<>(T);
    for (long r = 0; r < T; r++) {
      rows.add(tf.reshape(tf.slice(rowGroups, tf.constant(new long[] {0, r / M, r % M, 0, 0}),
          tf.constant(new long[] {-1, tileRows, 1, paddedWidth, in})),
          tf.constant(new long[] {-1, tileRows, tileColumns + 1, M, in})));
    }
    List<Operand<TFloat32>> transformed = new ArrayList<>(T * T);
    for (Operand<TFloat32> rowCombination : combine(tf, INPUT, rows)) {
      List<Operand<TFloat32>> columns = new ArrayList<>(T);
      for (long c = 0; c < T; c++) {
        columns.add(tf.reshape(tf.slice(rowCombination, tf.constant(new long[] {0, 0, c / M, c % M, 0}),
            tf.constant(new long[] {-1, tileRows, tileColumns, 1, in})), tf.constant(new long[] {-1, in})));
      }
      transformed.addAll(combine(tf, INPUT, columns));
    }
    return transformed;
  }

  /** {@code A^T m A} of every tile's products, the M x M blocks interleaved into [batch, M * tileRows, M * tileColumns, out]. */
  private static Operand<TFloat32> outputImage(Ops tf, List<Operand<TFloat32>> products, long tileRows,
      long tileColumns, int out) {
    // Along the tile's columns (byTileRow.get(a).get(j), [tiles, out]), then along its rows, for
    // output (i, j) of every block.
    List<List<Operand<TFloat32>>> byTileRow = new ArrayList<>(T);
    for (int a = 0; a < T; a++) {
      byTileRow.add(combine(tf, OUTPUT, products.subList(T * a, T * a + T)));
    }
    List<Operand<TFloat32>> outputRows = new ArrayList<>(M);
    for (int i = 0; i < M; i++) {
      List<Operand<TFloat32>> rowOfBlocks = new ArrayList<>(M);
      for (int j = 0; j < M; j++) {
        List<Operand<TFloat32>> column = new ArrayList<>(T);
        for (int a = 0; a < T; a++) {
          column.add(byTileRow.get(a).get(j));
        }
        Operand<TFloat32> output = combineRow(tf, OUTPUT[i], column);
        rowOfBlocks.add(tf.reshape(output, tf.constant(new long[] {-1, tileRows, tileColumns, out})));
      }
      // The M columns of each block side by side: [batch, tileRows, M * tileColumns, out].
      outputRows.add(tf.reshape(tf.stack(rowOfBlocks, Stack.axis(3L)), tf.constant(new long[] {-1, tileRows, M * tileColumns, out})));
    }
    return tf.reshape(tf.stack(outputRows, Stack.axis(2L)), tf.constant(new long[] {-1, M * tileRows, M * tileColumns, out}));
  }

  /** {@code matrix · values}: one sum per row of the matrix. */
  private static List<Operand<TFloat32>> combine(Ops tf, float[][] matrix, List<Operand<TFloat32>> values) {
    List<Operand<TFloat32>> sums = new ArrayList<>(matrix.length);
    for (float[] row : matrix) {
      sums.add(combineRow(tf, row, values));
    }
    return sums;
  }

  /** {@code Σ row[k] · values[k]} for a row of B^T or A^T, whose coefficients are 0 and ±1, each row with a +1. */
  private static Operand<TFloat32> combineRow(Ops tf, float[] row, List<Operand<TFloat32>> values) {
    List<Operand<TFloat32>> plus = new ArrayList<>();
    List<Operand<TFloat32>> minus = new ArrayList<>();
    for (int k = 0; k < row.length; k++) {
      if (row[k] != 0) {
        (row[k] > 0 ? plus : minus).add(values.get(k));
      }
    }
    return minus.isEmpty() ? sum(tf, plus) : tf.math.sub(sum(tf, plus), sum(tf, minus));
  }

  private static Operand<TFloat32> sum(Ops tf, List<Operand<TFloat32>> terms) {
    return terms.size() == 1 ? terms.get(0) : tf.math.addN(terms);
  }

  /** {@code G g G^T} for every channel pair: [T * T, in, out], tile position {@code T * a + b}. */
  private static Operand<TFloat32> kernelTransform(Ops tf, Operand<TFloat32> weight, int in, int out) {
    Operand<TFloat32> g = tf.constant(KERNEL);
    long pairs = (long) in * out;
    // [T (a), 3 (j) * pairs] = G [T, 3] x weight [3 (i), 3 (j) * pairs]
    Operand<TFloat32> left = tf.linalg.matMul(g, tf.reshape(weight, tf.constant(new long[] {3, 3 * pairs})));
    Operand<TFloat32> byColumn = tf.reshape(tf.linalg.transpose(tf.reshape(left, tf.constant(new long[] {T, 3, pairs})),
        tf.constant(new int[] {1, 0, 2})), tf.constant(new long[] {3, T * pairs}));
    Operand<TFloat32> both = tf.linalg.matMul(g, byColumn); // [T (b), T (a) * pairs]
    Operand<TFloat32> ordered = tf.linalg.transpose(tf.reshape(both, tf.constant(new long[] {T, T, pairs})),
        tf.constant(new int[] {1, 0, 2}));
    return tf.reshape(ordered, tf.constant(new long[] {(long) T * T, in, out}));
  }
}
