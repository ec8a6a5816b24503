package org.vpr4j.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;

/** Static shape checks for graph building. */
public final class Shapes {
  private Shapes() {}

  /** H*W of an NHWC operand whose spatial size is known when the graph is built. */
  public static long spatialSize(Operand<?> nhwc) {
    Shape s = nhwc.shape();
    if (s.numDimensions() != 4 || s.isUnknown() || s.size(1) < 0 || s.size(2) < 0) {
      throw new IllegalStateException("expected NHWC features with a known height and width, got " + s);
    }
    return s.size(1) * s.size(2);
  }
}
