package org.vpr4j.interop.imports;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.onnx.FloatTensorData;

/**
 * PyTorch's outputs for a few images, written by {@code weights-import/convert_to_onnx.py} as
 * {@code MODEL.onnx.reference.h5}: dataset {@code images} (uint8 RGB, [N, H, W, 3]) and one float32
 * dataset per ONNX output under {@code outputs/}, in the ONNX output's layout.
 *
 * @param pixels the images as uint8 NHWC bytes
 * @param outputs PyTorch's outputs by ONNX output name
 */
public record ReferenceOutputs(Path file, byte[] pixels, int count, int height, int width,
    Map<String, FloatTensorData> outputs) {

  /** The {@code format} attribute of the files this reader understands. */
  public static final String FORMAT = "vpr4j-onnx-reference-1";
  /** What the converter appends to the ONNX file name. */
  public static final String SUFFIX = ".reference.h5";

  /** The default location of the reference file of an ONNX file. */
  public static Path pathFor(Path onnx) {
    return onnx.resolveSibling(onnx.getFileName() + SUFFIX);
  }

  /** Reads and checks a reference file; problems become a {@link VprException} naming it. */
  public static ReferenceOutputs read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new VprException("reference outputs " + file + " do not exist");
    }
    try (HdfFile h5 = new HdfFile(file)) {
      Attribute format = h5.getAttribute("format");
      if (format == null || !FORMAT.equals(String.valueOf(format.getData()))) {
        throw new VprException("reference outputs " + file + " are not a vpr4j reference file (format attribute "
            + (format == null ? "missing" : format.getData()) + ", expected " + FORMAT + ")");
      }
      Dataset images = dataset(h5, "images", file);
      int[] dims = images.getDimensions();
      if (dims.length != 4 || dims[3] != 3 || dims[0] < 1) {
        throw new VprException("reference outputs " + file + ": 'images' must be [N, H, W, 3], got "
            + Arrays.toString(dims));
      }
      byte[] pixels = toBytes(images.getDataFlat(), file);
      Node outputsNode = h5.getChild("outputs");
      if (!(outputsNode instanceof Group group) || group.getChildren().isEmpty()) {
        throw new VprException("reference outputs " + file + " have no 'outputs' group with datasets");
      }
      Map<String, FloatTensorData> outputs = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : group.getChildren().entrySet()) {
        if (!(e.getValue() instanceof Dataset d) || !(d.getDataFlat() instanceof float[] values)) {
          throw new VprException("reference outputs " + file + ": 'outputs/" + e.getKey() + "' is not a float32 dataset");
        }
        long[] shape = d.getDimensionsAsLong();
        if (shape.length == 0 || shape[0] != dims[0]) {
          throw new VprException("reference outputs " + file + ": 'outputs/" + e.getKey() + "' has shape "
              + Arrays.toString(shape) + ", not one row per image (" + dims[0] + ")");
        }
        outputs.put(e.getKey(), new FloatTensorData(shape, values));
      }
      return new ReferenceOutputs(file, pixels, dims[0], dims[1], dims[2], Collections.unmodifiableMap(outputs));
    } catch (VprException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new VprException("reference outputs " + file + " cannot be read as HDF5 (" + e.getMessage() + ")", e);
    }
  }

  private static Dataset dataset(HdfFile h5, String name, Path file) {
    if (!(h5.getChild(name) instanceof Dataset d)) {
      throw new VprException("reference outputs " + file + " have no '" + name + "' dataset");
    }
    return d;
  }

  /** h5py's uint8 arrives widened (jhdf keeps unsigned values positive); values must be 0..255. */
  private static byte[] toBytes(Object flat, Path file) {
    int n = java.lang.reflect.Array.getLength(flat);
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      long v = ((Number) java.lang.reflect.Array.get(flat, i)).longValue();
      if (v < 0 || v > 255) {
        throw new VprException("reference outputs " + file + ": 'images' holds " + v + ", not a uint8 pixel value");
      }
      out[i] = (byte) v;
    }
    return out;
  }
}
