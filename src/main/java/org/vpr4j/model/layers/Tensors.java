package org.vpr4j.model.layers;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;
import org.vpr4j.io.FloatArray;

/** Copies between Java arrays and TF tensors. The caller closes the tensors it creates. */
public final class Tensors {
  private Tensors() {}

  public static TFloat32 floats(long[] shape, float[] data) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
  }

  public static TUint8 bytes(long[] shape, byte[] data) {
    return TUint8.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
  }

  /** All values of a float tensor, row-major. */
  public static float[] toArray(TFloat32 t) {
    float[] out = new float[Math.toIntExact(t.shape().size())];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  public static FloatArray toFloatArray(TFloat32 t) {
    return new FloatArray(t.shape().asArray(), toArray(t));
  }
}
