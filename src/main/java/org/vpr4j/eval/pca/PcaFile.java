package org.vpr4j.eval.pca;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.io.AtomicFiles;

/**
 * A {@link Pca} on disk, an HDF5 file readable with h5py:
 * <pre>
 * attributes   format = "vpr4j-pca-1", inputDim, dim, whiten (0/1), eps, totalVariance,
 *              source, count, run, checkpoint, checkpointSha256, created, transductive
 * mean                      float32 [inputDim]
 * components                float32 [dim, inputDim]   (scikit-learn's components_)
 * eigenvalues               float64 [dim]             (scikit-learn's explained_variance_)
 * explained_variance_ratio  float64 [dim]
 * </pre>
 */
public final class PcaFile {
  public static final String FORMAT = "vpr4j-pca-1";
  /** The origin keys stored as string attributes. */
  static final List<String> ORIGIN_KEYS =
      List.of("source", "count", "run", "checkpoint", "checkpointSha256", "created", "transductive", "derivedFrom");

  private PcaFile() {}

  public static void write(Path file, Pca pca) {
    double[] ratio = new double[pca.dim()];
    for (int i = 0; i < ratio.length; i++) {
      ratio[i] = pca.totalVariance() > 0 ? pca.eigenvalues()[i] / pca.totalVariance() : 0;
    }
    AtomicFiles.write(file, tmp -> {
      Files.deleteIfExists(tmp); // jhdf creates the file itself
      try (WritableHdfFile h = HdfFile.write(tmp)) {
        h.putAttribute("format", FORMAT);
        h.putAttribute("inputDim", pca.inputDim());
        h.putAttribute("dim", pca.dim());
        h.putAttribute("whiten", pca.whiten() ? 1 : 0);
        h.putAttribute("eps", pca.eps());
        h.putAttribute("totalVariance", pca.totalVariance());
        for (String key : ORIGIN_KEYS) {
          h.putAttribute(key, pca.origin().getOrDefault(key, ""));
        }
        h.putDataset("mean", pca.mean());
        h.putDataset("components", pca.components());
        h.putDataset("eigenvalues", pca.eigenvalues());
        h.putDataset("explained_variance_ratio", ratio);
      }
    });
  }

  /**
   * Reads a PCA file that must take descriptors of length {@code expectedInputDim}.
   *
   * @throws VprException naming the file if it is missing, not a PCA file, inconsistent, or made
   *     for descriptors of another length
   */
  public static Pca read(Path file, int expectedInputDim) {
    Pca pca = read(file);
    if (pca.inputDim() != expectedInputDim) {
      throw new VprException("PCA file " + file + " was learned from " + pca.inputDim() + "-D descriptors, but the"
          + " model makes " + expectedInputDim + "-D descriptors; learn one for this model with 'vpr4j pca'");
    }
    return pca;
  }

  /** Reads and checks a PCA file. */
  public static Pca read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new VprException("PCA file " + file + " does not exist");
    }
    try (HdfFile h = new HdfFile(file)) {
      String format = text(h, file, "format");
      if (!FORMAT.equals(format)) {
        throw new VprException("PCA file " + file + " has format '" + format + "', expected " + FORMAT);
      }
      int inputDim = number(h, file, "inputDim").intValue();
      int dim = number(h, file, "dim").intValue();
      float[] mean = (float[]) data(h, file, "mean", float.class, new int[] {inputDim});
      float[][] components = (float[][]) data(h, file, "components", float.class, new int[] {dim, inputDim});
      double[] eigenvalues = (double[]) data(h, file, "eigenvalues", double.class, new int[] {dim});
      Map<String, String> origin = new LinkedHashMap<>();
      for (String key : ORIGIN_KEYS) {
        Attribute a = h.getAttribute(key);
        if (a != null) {
          origin.put(key, String.valueOf(a.getData()));
        }
      }
      return new Pca(mean, components, eigenvalues, number(h, file, "totalVariance").doubleValue(),
          number(h, file, "whiten").intValue() != 0, number(h, file, "eps").doubleValue(), origin);
    } catch (HdfException e) {
      throw new VprException("PCA file " + file + " cannot be read as HDF5: " + e.getMessage(), e);
    }
  }

  private static Object data(HdfFile h, Path file, String name, Class<?> type, int[] shape) {
    Node n = h.getChildren().get(name);
    if (!(n instanceof Dataset d)) {
      throw new VprException("PCA file " + file + " has no dataset '" + name + "'");
    }
    if (d.getJavaType() != type || !Arrays.equals(d.getDimensions(), shape)) {
      throw new VprException("PCA file " + file + ": dataset '" + name + "' is " + d.getJavaType().getSimpleName()
          + " " + Arrays.toString(d.getDimensions()) + ", expected " + type.getSimpleName() + " "
          + Arrays.toString(shape));
    }
    return d.getData();
  }

  private static String text(HdfFile h, Path file, String name) {
    Attribute a = h.getAttribute(name);
    if (a == null) {
      throw new VprException("PCA file " + file + " has no '" + name + "' attribute (not a vpr4j PCA file?)");
    }
    return String.valueOf(a.getData());
  }

  private static Number number(HdfFile h, Path file, String name) {
    Attribute a = h.getAttribute(name);
    if (a == null || !(a.getData() instanceof Number v)) {
      throw new VprException("PCA file " + file + " has no numeric '" + name + "' attribute");
    }
    return v;
  }
}
