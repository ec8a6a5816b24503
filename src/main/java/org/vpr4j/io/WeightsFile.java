package org.vpr4j.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vpr4j.VprException;

/**
 * Model weights as an HDF5 file: one float32 dataset per parameter, named by its PyTorch key,
 * in TensorFlow layout (conv HWIO, linear [in, out]), plus string attributes on the root. h5py
 * reads it as it is; the file is written atomically.
 */
public final class WeightsFile {
  public static final String FORMAT = "vpr4j-weights-1";

  /** The parameters and root attributes of one file. */
  public record Contents(Map<String, FloatArray> tensors, Map<String, String> attributes) {}

  private WeightsFile() {}

  public static void write(Path file, Map<String, FloatArray> tensors, Map<String, String> attributes) {
    AtomicFiles.write(file, tmp -> {
      Files.deleteIfExists(tmp); // jhdf creates the file itself
      try (WritableHdfFile h = HdfFile.write(tmp)) {
        h.putAttribute("format", FORMAT);
        for (Map.Entry<String, String> a : attributes.entrySet()) {
          h.putAttribute(a.getKey(), a.getValue());
        }
        for (Map.Entry<String, FloatArray> e : tensors.entrySet()) {
          h.putDataset(e.getKey(), nested(e.getValue()));
        }
      }
    });
  }

  /**
   * A NaN or infinity in a weight would evaluate silently into a lower recall; no training this
   * project writes leaves one (a diverging epoch is not saved), so the file is damaged.
   */
  private static void rejectNonFinite(Path file, String name, FloatArray tensor) {
    int bad = tensor.firstNonFinite();
    if (bad >= 0) {
      throw new VprException("weights file " + file + ": tensor " + name + " holds " + tensor.data()[bad] + " at "
          + tensor.position(bad) + " (the first bad value); the file is damaged and cannot be used");
    }
  }

  public static Contents read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new VprException("weights file " + file + " does not exist");
    }
    Map<String, FloatArray> tensors = new LinkedHashMap<>();
    Map<String, String> attributes = new LinkedHashMap<>();
    try (HdfFile h = new HdfFile(file)) {
      for (Map.Entry<String, Attribute> a : h.getAttributes().entrySet()) {
        Object v = a.getValue().getData();
        attributes.put(a.getKey(), String.valueOf(v));
      }
      if (!FORMAT.equals(attributes.get("format"))) {
        throw new VprException("weights file " + file + " is not a vpr4j weights file (format attribute "
            + attributes.get("format") + ", expected " + FORMAT + ")");
      }
      for (Map.Entry<String, Node> e : h.getChildren().entrySet()) {
        if (e.getValue() instanceof Dataset d) {
          Object flat = d.getDataFlat();
          if (!(flat instanceof float[] values)) {
            throw new VprException("weights file " + file + ": dataset " + e.getKey() + " is not float32");
          }
          FloatArray tensor = new FloatArray(d.getDimensionsAsLong(), values);
          rejectNonFinite(file, e.getKey(), tensor);
          tensors.put(e.getKey(), tensor);
        }
      }
    } catch (VprException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new VprException("weights file " + file + " cannot be read (" + e.getMessage() + ")", e);
    }
    return new Contents(tensors, attributes);
  }

  /** jhdf takes the dataset shape from the nesting of a Java array. */
  static Object nested(FloatArray a) {
    long[] shape = a.shape();
    if (shape.length <= 1) {
      return a.data().clone();
    }
    int[] dims = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      dims[i] = Math.toIntExact(shape[i]);
    }
    Object out = Array.newInstance(float.class, dims);
    fill(out, a.data(), 0, dims, 0);
    return out;
  }

  private static int fill(Object target, float[] data, int offset, int[] dims, int level) {
    if (level == dims.length - 1) {
      System.arraycopy(data, offset, target, 0, dims[level]);
      return offset + dims[level];
    }
    for (int i = 0; i < dims[level]; i++) {
      offset = fill(Array.get(target, i), data, offset, dims, level + 1);
    }
    return offset;
  }
}
