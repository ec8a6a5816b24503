package org.vpr4j.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.vpr4j.VprException;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.guidance.LocationFilter;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.util.Progress;

/**
 * Samples local descriptors for NetVLAD's k-means (docs/clustering.md): {@code images} database images drawn
 * without replacement, {@code perImage} random locations of each, every descriptor the
 * L2-normalised encoder output at that location. With a {@link LocationFilter} (de-attention
 * clustering), twice as many candidate locations are drawn and the first {@code perImage} allowed
 * ones are kept; an image with fewer survivors gives fewer samples (the reference would crash).
 */
public final class DescriptorSampler {
  private static final Logger LOG = LogManager.getLogger(DescriptorSampler.class);

  private DescriptorSampler() {}

  public static float[][] sample(InferenceModel model, List<Path> database, int images, int perImage, long seed,
      int batchSize) {
    return sample(model, database, images, perImage, seed, batchSize, null);
  }

  /**
   * @param filter which locations may be sampled, or null for all of them
   */
  public static float[][] sample(InferenceModel model, List<Path> database, int images, int perImage, long seed,
      int batchSize, LocationFilter filter) {
    if (database.isEmpty()) {
      throw new VprException("cannot cluster: the dataset has no database images");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int n = Math.min(images, database.size());
    List<Path> chosen = new ArrayList<>();
    for (int i : firstOfPermutation(database.size(), n, rng)) {
      chosen.add(database.get(i));
    }
    int h = model.config().featureHeight();
    int w = model.config().featureWidth();
    int dim = model.config().encoderDim();
    int locations = h * w;
    int take = Math.min(perImage, locations);
    // the reference draws 200 candidates for 100 samples when it filters (docs/clustering.md)
    int candidates = filter == null ? take : Math.min(2 * perImage, locations);
    List<float[]> out = new ArrayList<>(n * take);
    int shortImages = 0;
    int emptyImages = 0;
    try (ImageBatches batches = new ImageBatches(chosen, model.config().inputWidth(), model.config().inputHeight(),
        batchSize); Progress progress = Progress.start("clustering samples", n, "img")) {
      while (batches.hasNext()) {
        ImageBatches.Batch b = batches.next();
        float[] local = model.localDescriptors(b.pixels(), b.size());
        boolean[] allowed = filter == null ? null : filter.allowed(chosen.subList(b.start(), b.end()), h, w);
        for (int img = 0; img < b.size(); img++) {
          int kept = 0;
          for (int loc : firstOfPermutation(locations, candidates, rng)) {
            if (kept == take) {
              break;
            }
            if (allowed != null && !allowed[img * locations + loc]) {
              continue;
            }
            float[] d = new float[dim];
            System.arraycopy(local, (img * locations + loc) * dim, d, 0, dim);
            out.add(d);
            kept++;
          }
          shortImages += kept < take ? 1 : 0;
          emptyImages += kept == 0 ? 1 : 0;
        }
        progress.step(b.size());
      }
    }
    if (filter != null) {
      LOG.info(String.format("de-attention sampling: %d local descriptors from %d images; %d images had fewer than"
          + " %d static-scene locations among %d candidates (%d had none)", out.size(), n, shortImages, take,
          candidates, emptyImages));
    }
    return out.toArray(float[][]::new);
  }

  /** The first {@code k} entries of a random permutation of 0..n-1 (partial Fisher-Yates). */
  static int[] firstOfPermutation(int n, int k, SplittableRandom rng) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(n - i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return java.util.Arrays.copyOf(a, k);
  }
}
