package org.vpr4j.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vpr4j.VprException;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.util.Progress;

/**
 * Samples local descriptors for NetVLAD's k-means (SPEC §7): {@code images} database images drawn
 * without replacement, {@code perImage} random locations of each, every descriptor the
 * L2-normalised encoder output at that location.
 */
public final class DescriptorSampler {
  private DescriptorSampler() {}

  public static float[][] sample(InferenceModel model, List<Path> database, int images, int perImage, long seed,
      int batchSize) {
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
    float[][] out = new float[n * take][];
    int row = 0;
    try (ImageBatches batches = new ImageBatches(chosen, model.config().inputWidth(), model.config().inputHeight(),
        batchSize); Progress progress = Progress.start("clustering samples", n, "img")) {
      while (batches.hasNext()) {
        ImageBatches.Batch b = batches.next();
        float[] local = model.localDescriptors(b.pixels(), b.size());
        for (int img = 0; img < b.size(); img++) {
          for (int loc : firstOfPermutation(locations, take, rng)) {
            float[] d = new float[dim];
            System.arraycopy(local, (img * locations + loc) * dim, d, 0, dim);
            out[row++] = d;
          }
        }
        progress.step(b.size());
      }
    }
    return out;
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
