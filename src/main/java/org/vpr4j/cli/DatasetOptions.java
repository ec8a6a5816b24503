package org.vpr4j.cli;

import java.nio.file.Path;
import org.vpr4j.data.ImageDecoder;
import org.vpr4j.data.NetVladDatasets;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.data.UtmFolderDatasets;

/** The options that name a dataset split, shared by the commands that read one. */
final class DatasetOptions {
  static final String DEFAULT_ROOT = "data/synthcity";
  static final String MAX_IMAGE_PIXELS = "max-image-pixels";

  private DatasetOptions() {}

  static OptionSet add(OptionSet o) {
    return o.value("dataset", "DIR", DEFAULT_ROOT, "dataset root (Pittsburgh/Tokyo NetVLAD layout, or images/<split>/ for --layout utm)")
        .value("layout", "NAME", "netvlad", "dataset layout: netvlad (datasets/*.mat) or utm (@UTM@ file names)")
        .value(MAX_IMAGE_PIXELS, "N", Long.toString(ImageDecoder.DEFAULT_MAX_PIXELS), "refuse an image whose"
            + " width x height (from its header, before decoding) exceeds N; the default is Pillow's limit");
  }

  /** Applies {@code --max-image-pixels} of a command that has it, else the default, to every image read. */
  static void applyImageLimit(Args args) {
    ImageDecoder.setMaxPixels(args.knows(MAX_IMAGE_PIXELS) ? args.longValue(MAX_IMAGE_PIXELS)
        : ImageDecoder.DEFAULT_MAX_PIXELS);
  }

  static PlaceDataset open(Args args, String split) {
    Path root = args.path("dataset");
    return args.choice("layout", "netvlad", "utm").equals("utm")
        ? UtmFolderDatasets.open(root, split)
        : NetVladDatasets.open(root, split);
  }
}
