package org.vpr4j.guidance;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.io.AtomicFiles;

/**
 * Mask targets computed once per dataset split and kept in HDF5, instead of running the segmenter
 * on every training batch as the reference does. The file name carries the split, the source and
 * the {@link TargetSpec} ({@code <split>-<source>-<categories>-<grid>-<W>x<H>.hdf5}), so changing
 * any of them computes a new file; inside, the source's fingerprint (label files, or model bytes
 * and images) must match too, or the targets are recomputed.
 *
 * <p>Layout: datasets {@code targets} and {@code stride_keep}, float32 {@code [N, h, w]}; string
 * attributes {@code format}, {@code source}, {@code distractors}, {@code grid}, {@code input_size},
 * {@code fingerprint}, {@code seconds_per_image}, {@code compute_seconds}.
 */
public final class MaskTargetCache {
  private static final Logger LOG = LogManager.getLogger(MaskTargetCache.class);

  public static final String FORMAT = "vpr4j-mask-targets-1";
  static final String TARGETS = "targets";
  static final String STRIDE_KEEP = "stride_keep";

  private MaskTargetCache() {}

  /** The cache file for {@code split} from {@code source} in {@code folder}. */
  public static Path file(Path folder, String split, TrainIdSource source, TargetSpec spec) {
    return folder.resolve(split + "-" + source.name() + "-" + spec.key() + ".hdf5");
  }

  /** Reads the targets from the cache when it is up to date, else computes and stores them. */
  public static MaskTargets loadOrCompute(Path folder, String split, List<Path> images, TrainIdSource source,
      TargetSpec spec) {
    Path file = file(folder, split, source, spec);
    String fingerprint = source.fingerprint(images);
    String stale = staleness(file, fingerprint, images.size(), spec);
    if (stale == null) {
      MaskTargets cached = read(file);
      LOG.info(String.format("mask targets of %s: %d images from the cache %s (computed once in %.1f s)",
          split, cached.count(), file, cached.computeSeconds()));
      return cached;
    }
    LOG.info("mask targets of {}: computing them for {} images from {} ({})", split, images.size(), source, stale);
    MaskTargets targets = MaskTargetBuilder.compute(source, images, spec);
    write(file, targets, source.name(), spec, fingerprint);
    LOG.info(String.format("mask targets of %s: %d images in %.1f s (%.1f ms per image for the %s), saved to %s",
        split, targets.count(), targets.computeSeconds(), 1000 * targets.secondsPerImage(), source.name(), file));
    return targets;
  }

  /** Why {@code file} cannot be used, or null when it can. */
  static String staleness(Path file, String fingerprint, int count, TargetSpec spec) {
    if (!Files.isRegularFile(file)) {
      return "no cache yet";
    }
    try (HdfFile h = new HdfFile(file)) {
      Map<String, String> a = attributes(h);
      if (!FORMAT.equals(a.get("format"))) {
        return "the cache file has format " + a.get("format");
      }
      if (!fingerprint.equals(a.get("fingerprint"))) {
        return "the images, labels or model changed since the cache was made";
      }
      Node node = h.getChildren().get(TARGETS);
      int[] expected = {count, spec.gridHeight(), spec.gridWidth()};
      if (!(node instanceof Dataset d) || !java.util.Arrays.equals(d.getDimensions(), expected)) {
        return "the cache holds targets of another shape";
      }
      return null;
    } catch (RuntimeException e) {
      return "the cache file cannot be read (" + e.getMessage() + ")";
    }
  }

  static MaskTargets read(Path file) {
    try (HdfFile h = new HdfFile(file)) {
      Map<String, String> a = attributes(h);
      Dataset targets = (Dataset) h.getChildren().get(TARGETS);
      Dataset keep = (Dataset) h.getChildren().get(STRIDE_KEEP);
      int[] dims = targets.getDimensions();
      return new MaskTargets(dims[0], dims[1], dims[2], (float[]) targets.getDataFlat(), (float[]) keep.getDataFlat(),
          Double.parseDouble(a.getOrDefault("seconds_per_image", "0")),
          Double.parseDouble(a.getOrDefault("compute_seconds", "0")));
    }
  }

  static void write(Path file, MaskTargets t, String source, TargetSpec spec, String fingerprint) {
    AtomicFiles.write(file, tmp -> {
      Files.deleteIfExists(tmp); // jhdf creates the file itself
      try (WritableHdfFile h = HdfFile.write(tmp)) {
        h.putAttribute("format", FORMAT);
        h.putAttribute("source", source);
        h.putAttribute("distractors", spec.distractors().key());
        h.putAttribute("grid", spec.grid().id());
        h.putAttribute("input_size", spec.inputWidth() + "x" + spec.inputHeight());
        h.putAttribute("fingerprint", fingerprint);
        h.putAttribute("seconds_per_image", Double.toString(t.secondsPerImage()));
        h.putAttribute("compute_seconds", Double.toString(t.computeSeconds()));
        h.putDataset(TARGETS, cube(t.allTargets(), t.count(), t.height(), t.width()));
        h.putDataset(STRIDE_KEEP, cube(t.allStrideKeep(), t.count(), t.height(), t.width()));
      }
    });
  }

  private static Map<String, String> attributes(HdfFile h) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Attribute> e : h.getAttributes().entrySet()) {
      out.put(e.getKey(), String.valueOf(e.getValue().getData()));
    }
    return out;
  }

  /** jhdf takes a dataset's shape from the nesting of the Java array. */
  private static float[][][] cube(float[] flat, int n, int h, int w) {
    float[][][] out = new float[n][h][w];
    int i = 0;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < h; b++) {
        System.arraycopy(flat, i, out[a][b], 0, w);
        i += w;
      }
    }
    return out;
  }
}
