package org.vpr4j.cluster;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.vpr4j.VprException;
import org.vpr4j.io.AtomicFiles;

/**
 * The NetVLAD centroid file of the paper's code ({@code vgg16_pitts30k_64_desc_cen.hdf5}): an HDF5
 * file with the datasets {@code centroids} float32 {@code [K, D]} and {@code descriptors} float32
 * {@code [N, D]} (the local descriptors that were clustered) at its root. Files written here are
 * read by h5py, and files written by h5py are read here. Float64 datasets are accepted on read and
 * narrowed to float32.
 */
public final class CentroidFile {
  public static final String CENTROIDS = "centroids";
  public static final String DESCRIPTORS = "descriptors";

  private CentroidFile() {}

  /**
   * Writes {@code centroids} and, unless null, the clustered {@code descriptors}, atomically.
   *
   * @throws IllegalArgumentException if an array is empty, ragged, of mismatched width, or not finite
   */
  public static void write(Path file, float[][] centroids, float[][] descriptors) {
    int dim = checkMatrix(centroids, CENTROIDS, -1);
    if (descriptors != null) {
      checkMatrix(descriptors, DESCRIPTORS, dim);
    }
    AtomicFiles.write(file, tmp -> {
      try (WritableHdfFile out = HdfFile.write(tmp)) {
        out.putDataset(CENTROIDS, centroids);
        if (descriptors != null) {
          out.putDataset(DESCRIPTORS, descriptors);
        }
      }
    });
  }

  /**
   * Reads the {@code centroids} dataset: a non-empty, finite {@code [K, D]} matrix.
   *
   * @throws VprException naming the file if it is missing, not HDF5, lacks the dataset, or the
   *     dataset has the wrong rank, type or values
   */
  public static float[][] readCentroids(Path file) {
    return readMatrix(file, CENTROIDS, -1);
  }

  /** Reads the {@code centroids} dataset and checks that each centroid has {@code expectedDim} values. */
  public static float[][] readCentroids(Path file, int expectedDim) {
    return readMatrix(file, CENTROIDS, expectedDim);
  }

  /** Reads the {@code descriptors} dataset (the points that were clustered), validated as {@link #readCentroids}. */
  public static float[][] readDescriptors(Path file) {
    return readMatrix(file, DESCRIPTORS, -1);
  }

  private static float[][] readMatrix(Path file, String name, int expectedDim) {
    if (!Files.isRegularFile(file)) {
      throw new VprException("centroid file " + file + " does not exist");
    }
    try (HdfFile hdf = new HdfFile(file)) {
      Node node = hdf.getChildren().get(name);
      if (!(node instanceof Dataset dataset)) {
        throw new VprException("centroid file " + file + " has no dataset \"" + name + "\" at its root (found: "
            + String.join(", ", hdf.getChildren().keySet()) + ")");
      }
      int[] dims = dataset.getDimensions();
      if (dims.length != 2 || dims[0] == 0 || dims[1] == 0) {
        throw new VprException("dataset \"" + name + "\" in " + file + " has shape " + Arrays.toString(dims)
            + "; expected a non-empty 2-D [count, dim] matrix");
      }
      if (expectedDim > 0 && dims[1] != expectedDim) {
        throw new VprException("dataset \"" + name + "\" in " + file + " has shape " + Arrays.toString(dims)
            + "; expected [count, " + expectedDim + "] (descriptor dimension " + expectedDim + ")");
      }
      Class<?> type = dataset.getJavaType();
      if (type != float.class && type != double.class) {
        throw new VprException("dataset \"" + name + "\" in " + file + " holds " + type.getSimpleName()
            + " values; expected float32 (or float64)");
      }
      float[][] matrix = toFloats(dataset.getData());
      checkFinite(matrix, file, name);
      return matrix;
    } catch (HdfException e) {
      throw new VprException("cannot read " + file + " as HDF5: " + e.getMessage(), e);
    }
  }

  private static float[][] toFloats(Object data) {
    if (data instanceof float[][] f) {
      return f;
    }
    double[][] d = (double[][]) data;
    float[][] f = new float[d.length][];
    for (int i = 0; i < d.length; i++) {
      f[i] = new float[d[i].length];
      for (int j = 0; j < d[i].length; j++) {
        f[i][j] = (float) d[i][j];
      }
    }
    return f;
  }

  private static void checkFinite(float[][] m, Path file, String name) {
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        if (!Float.isFinite(m[i][j])) {
          throw new VprException("dataset \"" + name + "\" in " + file + " has a non-finite value (" + m[i][j]
              + ") at [" + i + ", " + j + "]");
        }
      }
    }
  }

  /** Checks a matrix about to be written; returns its width. */
  private static int checkMatrix(float[][] m, String name, int expectedDim) {
    if (m.length == 0 || m[0].length == 0) {
      throw new IllegalArgumentException(name + " must be a non-empty matrix");
    }
    int dim = expectedDim > 0 ? expectedDim : m[0].length;
    for (int i = 0; i < m.length; i++) {
      if (m[i].length != dim) {
        throw new IllegalArgumentException(name + " row " + i + " has " + m[i].length + " values, expected " + dim);
      }
      for (float v : m[i]) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException(name + " row " + i + " holds a non-finite value " + v);
        }
      }
    }
    return dim;
  }
}
