package org.vpr4j.train;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vpr4j.io.FloatArray;

/**
 * One case of the HDF5 file {@code weights-import/training_parity.py} writes: the starting weights,
 * the twelve images (query, positive, ten negatives), the mask targets and, after each of the
 * reference's optimisation steps, its two loss parts, learning rate and tensors (TF layouts).
 */
record TrainingParityFixture(Map<String, FloatArray> init, byte[] pixels, int images, float[] maskTargets,
    int[] epochs, List<Step> steps) {

  /** What the reference measured in one step; {@code tensors} are the values after the update. */
  record Step(double rankingLoss, double maskLoss, double lr, Map<String, FloatArray> tensors) {}

  static TrainingParityFixture read(Path file, String name) {
    try (HdfFile h = new HdfFile(file)) {
      Group c = (Group) h.getChild(name);
      Dataset images = (Dataset) c.getChild("images");
      float[] px = floats(images.getDataFlat());
      byte[] pixels = new byte[px.length];
      for (int i = 0; i < px.length; i++) {
        pixels[i] = (byte) (int) px[i];
      }
      float[] epochsRead = floats(((Dataset) c.getChild("epochs")).getDataFlat());
      int[] epochs = new int[epochsRead.length];
      List<Step> steps = new ArrayList<>();
      for (int i = 0; i < epochs.length; i++) {
        epochs[i] = (int) epochsRead[i];
        Group s = (Group) c.getChild("step" + (i + 1));
        steps.add(new Step(number(s, "ranking_loss"), number(s, "mask_loss"), number(s, "lr"),
            tensors((Group) s.getChild("params"))));
      }
      return new TrainingParityFixture(tensors((Group) c.getChild("init")), pixels,
          (int) images.getDimensions()[0], floats(((Dataset) c.getChild("mask_targets")).getDataFlat()), epochs,
          steps);
    }
  }

  /** A float64 table at the root of the file (e.g. the learning rate by epoch). */
  static double[] doubles(Path file, String name) {
    try (HdfFile h = new HdfFile(file)) {
      return (double[]) ((Dataset) h.getChild(name)).getDataFlat();
    }
  }

  private static double number(Node node, String attribute) {
    Object v = node.getAttribute(attribute).getData();
    return v.getClass().isArray() ? ((Number) Array.get(v, 0)).doubleValue() : ((Number) v).doubleValue();
  }

  private static Map<String, FloatArray> tensors(Group g) {
    Map<String, FloatArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
      Dataset d = (Dataset) e.getValue();
      out.put(e.getKey(), new FloatArray(d.getDimensionsAsLong(), floats(d.getDataFlat())));
    }
    return out;
  }

  /** Any numeric array jhdf returns (uint8 images come back widened), as float. */
  private static float[] floats(Object flat) {
    if (flat instanceof float[] f) {
      return f;
    }
    if (flat instanceof byte[] b) {
      float[] out = new float[b.length];
      for (int i = 0; i < b.length; i++) {
        out[i] = b[i] & 0xff;
      }
      return out;
    }
    float[] out = new float[Array.getLength(flat)];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) Array.get(flat, i)).floatValue();
    }
    return out;
  }
}
