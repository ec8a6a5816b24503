package org.vpr4j.query;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.vpr4j.VprException;
import org.vpr4j.eval.DescriptorStore;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.eval.MappedDescriptors;
import org.vpr4j.io.AtomicFiles;

/**
 * The on-disk form of a {@link PlaceIndex}: an HDF5 file (readable with h5py) holding
 *
 * <pre>
 * attributes   format = "vpr4j-index-1", source, posDistThr, count, descriptorDim,
 *              model, graph (JSON), run, checkpoint, checkpointSha256, created,
 *              descriptorStorage = "embedded" | "file", descriptorFile (when "file"),
 *              pca, pcaSha256 (the PCA file the descriptors went through and its SHA-256; "" for none)
 * images       string [count]          absolute image paths
 * utm          float64 [count, 2]      easting, northing; NaN where unknown
 * descriptors  float32 [count, dim]    only when embedded
 * </pre>
 *
 * jhdf writes a dataset from one in-heap array, so large descriptor matrices stay in a vpr4j
 * descriptor file (see {@link MappedDescriptors}) beside the HDF5 file and are memory-mapped
 * when searched; small ones are embedded so the index is a single file. That file alternates
 * between two names ({@code NAME.descriptors.f32} and {@code NAME.descriptors.alt.f32}): a rebuild
 * writes the one the current index does not use, so the old index stays whole until the new HDF5
 * file replaces it, whenever the rebuild is interrupted.
 */
public final class IndexFile {
  public static final String FORMAT = "vpr4j-index-1";
  static final String EMBEDDED = "embedded";
  static final String SEPARATE = "file";

  private IndexFile() {}

  /** The first name of the descriptor file of index {@code file}: {@code NAME.descriptors.f32}. */
  public static Path descriptorFileFor(Path file) {
    return file.resolveSibling(stem(file) + ".descriptors.f32");
  }

  /** The second name, taken by a rebuild while the current index uses the first. */
  static Path alternateDescriptorFile(Path file) {
    return file.resolveSibling(stem(file) + ".descriptors.alt.f32");
  }

  /** The descriptor file a new build of {@code file} writes: the name the existing index does not use. */
  static Path freeDescriptorFile(Path file) {
    Path first = descriptorFileFor(file);
    return separateDescriptorFile(file).filter(first::equals).isPresent() ? alternateDescriptorFile(file) : first;
  }

  /** The descriptor file that the index at {@code file} uses, if it is readable and keeps them separate. */
  public static Optional<Path> separateDescriptorFile(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (HdfFile h = new HdfFile(file)) {
      String name = optionalText(h, "descriptorFile");
      return SEPARATE.equals(optionalText(h, "descriptorStorage")) && name != null
          ? Optional.of(file.resolveSibling(name)) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty(); // not a readable index: nothing of it to keep
    }
  }

  private static String stem(Path file) {
    return file.getFileName().toString().replaceFirst("\\.(h5|hdf5)$", "");
  }

  /**
   * Writes the HDF5 part of an index whose descriptors are in {@code descriptorFile}, one of the
   * two names of {@link #descriptorFileFor}. When the descriptors take at most {@code
   * embedMaxBytes} they are copied into the HDF5 file and the descriptor file is deleted; once the
   * new HDF5 file is in place, the other name (a previous build's descriptors) is deleted.
   *
   * @throws IllegalArgumentException if the descriptors and images disagree in number
   */
  static void write(Path file, ModelProvenance model, ImageSet database, Path descriptorFile, long embedMaxBytes) {
    Path first = descriptorFileFor(file).toAbsolutePath();
    Path second = alternateDescriptorFile(file).toAbsolutePath();
    Path written = descriptorFile.toAbsolutePath();
    if (!written.equals(first) && !written.equals(second)) {
      throw new IllegalArgumentException(descriptorFile + " is not a descriptor file of " + file);
    }
    MappedDescriptors descriptors = MappedDescriptors.open(descriptorFile);
    if (descriptors.rows() != database.size()) {
      throw new IllegalArgumentException(descriptors.rows() + " descriptors for " + database.size() + " images");
    }
    long bytes = (long) descriptors.rows() * descriptors.dim() * Float.BYTES;
    // Embedding copies the matrix through the heap (jhdf writes from arrays), so it is also capped
    // at an eighth of the heap: a small-heap build keeps large descriptors in the mapped file.
    boolean embed = bytes <= embedMaxBytes && bytes <= Runtime.getRuntime().maxMemory() / 8;
    AtomicFiles.write(file, tmp -> {
      Files.deleteIfExists(tmp); // jhdf creates the file itself
      try (WritableHdfFile h = HdfFile.write(tmp)) {
        h.putAttribute("format", FORMAT);
        h.putAttribute("source", database.source());
        h.putAttribute("posDistThr", database.posDistThr());
        h.putAttribute("count", database.size());
        h.putAttribute("descriptorDim", descriptors.dim());
        h.putAttribute("model", model.modelName());
        h.putAttribute("graph", model.graphJson());
        h.putAttribute("run", model.runFolder());
        h.putAttribute("checkpoint", model.checkpoint());
        h.putAttribute("checkpointSha256", model.checkpointSha256());
        h.putAttribute("created", model.created());
        h.putAttribute("pca", model.pcaFile());
        h.putAttribute("pcaSha256", model.pcaSha256());
        h.putAttribute("descriptorStorage", embed ? EMBEDDED : SEPARATE);
        if (!embed) {
          h.putAttribute("descriptorFile", descriptorFile.getFileName().toString());
        }
        h.putDataset("images", database.images().stream().map(Path::toString).toArray(String[]::new));
        h.putDataset("utm", database.utm());
        if (embed) {
          h.putDataset("descriptors", rows(descriptors));
        }
      }
    });
    Path previous = written.equals(first) ? second : first;
    deleteAfterwards(file, previous);
    if (embed) {
      deleteAfterwards(file, descriptorFile);
    }
  }

  private static void deleteAfterwards(Path file, Path unused) {
    try {
      Files.deleteIfExists(unused);
    } catch (IOException e) {
      throw new VprException("index " + file + " is complete but " + unused + " could not be deleted: "
          + e.getMessage(), e);
    }
  }

  /**
   * Reads and checks an index.
   *
   * @throws VprException naming the file when it is missing, not an index, inconsistent, or its
   *     descriptor file is missing or does not match
   */
  public static PlaceIndex read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new VprException("index " + file + " does not exist");
    }
    try (HdfFile h = new HdfFile(file)) {
      String format = optionalText(h, "format");
      if (!FORMAT.equals(format)) {
        throw new VprException("index " + file + " is not a vpr4j index (format attribute " + format + ", expected "
            + FORMAT + "); build one with 'vpr4j query index'");
      }
      int count = integer(h, file, "count");
      int dim = integer(h, file, "descriptorDim");
      String[] images = strings(h, file, "images", count);
      double[][] utm = utm(h, file, count);
      List<Path> paths = new ArrayList<>(count);
      for (String s : images) {
        paths.add(Path.of(s));
      }
      ImageSet database = new ImageSet(text(h, file, "source"), paths, utm, number(h, file, "posDistThr"));
      ModelProvenance model = new ModelProvenance(text(h, file, "model"), text(h, file, "graph"), text(h, file, "run"),
          text(h, file, "checkpoint"), text(h, file, "checkpointSha256"), text(h, file, "created"),
          orEmpty(optionalText(h, "pca")), orEmpty(optionalText(h, "pcaSha256")));
      DescriptorStore descriptors = switch (text(h, file, "descriptorStorage")) {
        case EMBEDDED -> embedded(h, file, count, dim);
        case SEPARATE -> separate(file, text(h, file, "descriptorFile"), count, dim);
        default -> throw new VprException("index " + file + ": unknown descriptorStorage '"
            + text(h, file, "descriptorStorage") + "'");
      };
      rejectNonFinite(file, descriptors);
      return new PlaceIndex(file, model, database, descriptors);
    } catch (HdfException e) {
      throw new VprException("index " + file + " cannot be read as HDF5: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new VprException("index " + file + " is inconsistent: " + e.getMessage(), e);
    }
  }

  /** A NaN would rank as no distance at all; the index is damaged and searching it would mislead. */
  private static void rejectNonFinite(Path file, DescriptorStore descriptors) {
    int[] bad = descriptors.firstNonFinite();
    if (bad != null) {
      float value = descriptors.row(bad[0])[bad[1]];
      throw new VprException("index " + file + ": descriptors hold " + value + " at [" + bad[0] + ", " + bad[1]
          + "] (the first bad value); the index is damaged, build it again with 'vpr4j query index'");
    }
  }

  private static DescriptorStore embedded(HdfFile h, Path file, int count, int dim) {
    Dataset d = dataset(h, file, "descriptors");
    if (!Arrays.equals(d.getDimensions(), new int[] {count, dim}) || d.getJavaType() != float.class) {
      throw new VprException("index " + file + ": dataset 'descriptors' is " + d.getJavaType().getSimpleName()
          + " " + Arrays.toString(d.getDimensions()) + ", expected float32 [" + count + ", " + dim + "]");
    }
    return new InMemoryDescriptors(count, dim, (float[]) d.getDataFlat());
  }

  private static DescriptorStore separate(Path file, String name, int count, int dim) {
    Path data = file.resolveSibling(name);
    if (!Files.isRegularFile(data)) {
      throw new VprException("index " + file + " keeps its descriptors in " + data
          + ", which does not exist (copy or move both files together)");
    }
    MappedDescriptors d = MappedDescriptors.open(data, dim);
    if (d.rows() != count) {
      throw new VprException("index " + file + " lists " + count + " images but its descriptor file " + data
          + " holds " + d.rows() + " rows (the two files do not belong together)");
    }
    return d;
  }

  private static float[][] rows(DescriptorStore store) {
    float[][] out = new float[store.rows()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = store.row(i);
    }
    return out;
  }

  private static Dataset dataset(HdfFile h, Path file, String name) {
    Node n = h.getChildren().get(name);
    if (!(n instanceof Dataset d)) {
      throw new VprException("index " + file + " has no dataset '" + name + "'");
    }
    return d;
  }

  private static String[] strings(HdfFile h, Path file, String name, int count) {
    Dataset d = dataset(h, file, name);
    if (!(d.getData() instanceof String[] values) || values.length != count) {
      throw new VprException("index " + file + ": dataset '" + name + "' must hold " + count + " strings");
    }
    return values;
  }

  private static double[][] utm(HdfFile h, Path file, int count) {
    Dataset d = dataset(h, file, "utm");
    if (!(d.getData() instanceof double[][] values) || values.length != count
        || (count > 0 && values[0].length != 2)) {
      throw new VprException("index " + file + ": dataset 'utm' must be float64 [" + count + ", 2]");
    }
    return values;
  }

  private static String optionalText(HdfFile h, String name) {
    Attribute a = h.getAttribute(name);
    return a == null ? null : String.valueOf(a.getData());
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String text(HdfFile h, Path file, String name) {
    String v = optionalText(h, name);
    if (v == null) {
      throw new VprException("index " + file + " has no '" + name + "' attribute");
    }
    return v;
  }

  private static Number numeric(HdfFile h, Path file, String name) {
    Attribute a = h.getAttribute(name);
    if (a == null || !(a.getData() instanceof Number n)) {
      throw new VprException("index " + file + " has no numeric '" + name + "' attribute");
    }
    return n;
  }

  private static int integer(HdfFile h, Path file, String name) {
    return numeric(h, file, name).intValue();
  }

  private static double number(HdfFile h, Path file, String name) {
    return numeric(h, file, name).doubleValue();
  }
}
