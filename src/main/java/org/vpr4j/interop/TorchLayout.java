package org.vpr4j.interop;

import org.vpr4j.io.FloatArray;

/**
 * Converts parameters between PyTorch's layouts and the TensorFlow layouts vpr4j stores:
 * conv weights OIHW ↔ HWIO, linear weights [out, in] ↔ [in, out]; vectors, NetVLAD's centroids
 * [K, D] and 1-D conv kernels are the same in both.
 */
public final class TorchLayout {
  private TorchLayout() {}

  /** The TF-layout value of a PyTorch parameter. */
  public static FloatArray toTf(String key, FloatArray torch) {
    long[] s = torch.shape();
    if (s.length == 4) {
      return permute4(torch, new int[] {2, 3, 1, 0});
    }
    if (s.length == 2 && !key.endsWith("centroids")) {
      return transpose2(torch);
    }
    return torch;
  }

  /** The PyTorch-layout value of a TF-layout parameter (inverse of {@link #toTf}). */
  public static FloatArray toTorch(String key, FloatArray tf) {
    long[] s = tf.shape();
    if (s.length == 4) {
      return permute4(tf, new int[] {3, 2, 0, 1});
    }
    if (s.length == 2 && !key.endsWith("centroids")) {
      return transpose2(tf);
    }
    return tf;
  }

  /** The PyTorch shape of a parameter stored with TF shape {@code tf}. */
  public static long[] torchShape(String key, long[] tf) {
    if (tf.length == 4) {
      return new long[] {tf[3], tf[2], tf[0], tf[1]};
    }
    if (tf.length == 2 && !key.endsWith("centroids")) {
      return new long[] {tf[1], tf[0]};
    }
    return tf.clone();
  }

  static FloatArray transpose2(FloatArray a) {
    int rows = (int) a.shape()[0];
    int cols = (int) a.shape()[1];
    float[] out = new float[a.data().length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = a.data()[r * cols + c];
      }
    }
    return new FloatArray(new long[] {cols, rows}, out);
  }

  /** out[i0,i1,i2,i3] = in[...] where output axis k is input axis perm[k]. */
  static FloatArray permute4(FloatArray a, int[] perm) {
    long[] in = a.shape();
    int[] d = {(int) in[0], (int) in[1], (int) in[2], (int) in[3]};
    int[] inStride = {d[1] * d[2] * d[3], d[2] * d[3], d[3], 1};
    int[] od = {d[perm[0]], d[perm[1]], d[perm[2]], d[perm[3]]};
    float[] out = new float[a.data().length];
    int o = 0;
    for (int i0 = 0; i0 < od[0]; i0++) {
      for (int i1 = 0; i1 < od[1]; i1++) {
        for (int i2 = 0; i2 < od[2]; i2++) {
          for (int i3 = 0; i3 < od[3]; i3++) {
            int src = i0 * inStride[perm[0]] + i1 * inStride[perm[1]] + i2 * inStride[perm[2]] + i3 * inStride[perm[3]];
            out[o++] = a.data()[src];
          }
        }
      }
    }
    return new FloatArray(new long[] {od[0], od[1], od[2], od[3]}, out);
  }
}
