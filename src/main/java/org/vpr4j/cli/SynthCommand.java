package org.vpr4j.cli;

import java.nio.file.Path;
import org.vpr4j.synth.SynthCityGenerator;
import org.vpr4j.synth.SynthConfig;
import org.vpr4j.synth.SynthSummary;
import org.vpr4j.util.Progress;

/** {@code vpr4j synth}: writes the synthetic city, the offline default dataset. */
public final class SynthCommand implements Command {

  @Override
  public String name() {
    return "synth";
  }

  @Override
  public String summary() {
    return "generate the synthetic city (Pittsburgh layout, with Cityscapes label images)";
  }

  @Override
  public OptionSet options() {
    return new OptionSet()
        .value("out", "DIR", "data/synthcity", "dataset root to create")
        .value("seed", "N", String.valueOf(SynthConfig.DEFAULT_SEED),
            "random seed; same seed and flags give identical files")
        .value("places-train", "N", String.valueOf(SynthConfig.DEFAULT_PLACES_TRAIN), "places in the training district")
        .value("places-val", "N", String.valueOf(SynthConfig.DEFAULT_PLACES_VAL), "places in the validation district")
        .value("places-test", "N", String.valueOf(SynthConfig.DEFAULT_PLACES_TEST), "places in the test district")
        .value("db-views", "N", String.valueOf(SynthConfig.DEFAULT_DB_VIEWS), "database images per place (headings)")
        .value("queries-per-place", "N", String.valueOf(SynthConfig.DEFAULT_QUERIES_PER_PLACE),
            "query images per place, taken a few metres away at another time")
        .value("width", "PX", String.valueOf(SynthConfig.DEFAULT_WIDTH), "image width")
        .value("height", "PX", String.valueOf(SynthConfig.DEFAULT_HEIGHT), "image height")
        .value("distractors", "D", String.valueOf(SynthConfig.DEFAULT_DISTRACTORS),
            "density of cars, people and cyclists, 0 (none) to 1 (crowded)")
        .value("jpeg-quality", "Q", String.valueOf(SynthConfig.DEFAULT_JPEG_QUALITY), "JPEG quality, 1..100")
        .value("threads", "N", String.valueOf(Runtime.getRuntime().availableProcessors()),
            "rendering threads (does not change the output)")
        .flag("force", "replace an earlier synthetic city in --out");
  }

  @Override
  public int run(Args args) {
    // Rendering uses Java2D off-screen only; never try to reach a display.
    System.setProperty("java.awt.headless", "true");
    SynthConfig config = new SynthConfig(
        args.longValue("seed"),
        args.integer("places-train"),
        args.integer("places-val"),
        args.integer("places-test"),
        args.integer("db-views"),
        args.integer("queries-per-place"),
        args.integer("width"),
        args.integer("height"),
        args.number("distractors"),
        args.integer("jpeg-quality"),
        args.integer("threads"));
    Path out = args.path("out");
    SynthSummary summary;
    try (Progress progress = Progress.start("synth", config.totalImages(), "img")) {
      Runnable onImage = () -> {
        synchronized (progress) {
          progress.step(1);
        }
      };
      summary = new SynthCityGenerator(config).generate(out, args.flag("force"), onImage);
    }
    System.out.println(summary.line());
    return 0;
  }
}
