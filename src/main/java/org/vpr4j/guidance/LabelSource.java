package org.vpr4j.guidance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vpr4j.VprException;
import org.vpr4j.data.LabelImages;
import org.vpr4j.data.TrainIdImage;

/** Train ids read from a dataset's label images ({@link LabelImages}), resized by nearest neighbour. */
public final class LabelSource implements TrainIdSource {
  private static final int MISSING_EXAMPLES = 3;

  private final Path root;
  private long images;
  private long nanos;

  /** Label images under {@code root/labels/}. */
  public LabelSource(Path root) {
    this.root = root;
  }

  @Override
  public String name() {
    return "labels";
  }

  /** Digests the label files' names, sizes and times; fails listing missing label images. */
  @Override
  public String fingerprint(List<Path> images) {
    List<Path> labels = new ArrayList<>(images.size());
    List<Path> missing = new ArrayList<>();
    for (Path image : images) {
      Path label = LabelImages.pathFor(root, image);
      labels.add(label);
      if (!Files.isRegularFile(label)) {
        missing.add(label);
      }
    }
    if (!missing.isEmpty()) {
      throw new VprException(missing.size() + " of " + images.size() + " images have no label image under "
          + root.resolve(LabelImages.FOLDER) + ", e.g. " + missing.subList(0, Math.min(MISSING_EXAMPLES, missing.size()))
          + "; label images mirror the image paths with a .png extension");
    }
    return new Fingerprints().text("labels-v1").files(labels).hex();
  }

  @Override
  public byte[] trainIds(List<Path> images, int width, int height) {
    long start = System.nanoTime();
    byte[] out = new byte[images.size() * width * height];
    for (int i = 0; i < images.size(); i++) {
      TrainIdImage ids = LabelImages.read(LabelImages.pathFor(root, images.get(i))).resizeNearest(width, height);
      System.arraycopy(ids.ids(), 0, out, i * width * height, width * height);
    }
    this.images += images.size();
    nanos += System.nanoTime() - start;
    return out;
  }

  @Override
  public double secondsPerImage() {
    return images == 0 ? 0 : nanos / 1e9 / images;
  }

  @Override
  public void close() {
    // nothing held open
  }

  @Override
  public String toString() {
    return "label images under " + root.resolve(LabelImages.FOLDER);
  }
}
