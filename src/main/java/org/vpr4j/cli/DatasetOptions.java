package org.vpr4j.cli;

import java.nio.file.Path;
import org.vpr4j.data.NetVladDatasets;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.data.UtmFolderDatasets;

/** The options that name a dataset split, shared by the commands that read one. */
public final class DatasetOptions {
  static final String DEFAULT_ROOT = "data/synthcity";

  private DatasetOptions() {}

  public static OptionSet add(OptionSet o) {
    return o.value("dataset", "DIR", DEFAULT_ROOT, "dataset root (Pittsburgh/Tokyo NetVLAD layout, or images/<split>/ for --layout utm)")
        .value("layout", "NAME", "netvlad", "dataset layout: netvlad (datasets/*.mat) or utm (@UTM@ file names)");
  }

  public static PlaceDataset open(Args args, String split) {
    Path root = args.path("dataset");
    return args.choice("layout", "netvlad", "utm").equals("utm")
        ? UtmFolderDatasets.open(root, split)
        : NetVladDatasets.open(root, split);
  }
}
