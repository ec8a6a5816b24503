package org.vpr4j.synth;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/**
 * Renders a {@link Shot}: picks the capture conditions and the distractors from streams that
 * depend only on (seed, place, shot), renders, and adds a little sensor noise.
 */
final class ShotRenderer {
  private static final long LIGHT_STREAM = 4;
  private static final long DISTRACTOR_STREAM = 5;
  private static final long SCENE_STREAM = 6;
  private static final long NOISE_STREAM = 7;

  private final SynthConfig config;

  ShotRenderer(SynthConfig config) {
    this.config = config;
  }

  /** A rendered picture and its train-id labels (row-major, one byte per pixel). */
  record Rendered(BufferedImage picture, byte[] labels) {}

  Rendered render(Shot shot) {
    Place place = shot.place();
    Street street = place.street();
    long kind = shot.query() ? 1 : 0;
    // All database views of a place are one capture (same time of day); each query is its own.
    long capture = shot.query() ? 1 + shot.index() : 0;
    Lighting lighting = Lighting.sample(Seeds.random(config.seed(), LIGHT_STREAM, place.id(), capture),
        street.heading());
    DynamicObjects distractors = DynamicObjects.place(
        Seeds.random(config.seed(), DISTRACTOR_STREAM, place.id(), kind, shot.index()), street, shot.eye(),
        config.distractors());
    Camera camera = new Camera(shot.eye(), shot.yaw(), shot.pitch(), shot.roll(), shot.hfovDegrees(),
        config.width(), config.height());
    try (LabelledCanvas canvas = SceneRenderer.render(street, camera, lighting, distractors,
        Seeds.random(config.seed(), SCENE_STREAM, place.id(), kind, shot.index()))) {
      BufferedImage picture = canvas.picture();
      addNoise(picture, Seeds.random(config.seed(), NOISE_STREAM, place.id(), kind, shot.index()));
      return new Rendered(picture, canvas.labelBytes());
    }
  }

  /** Mild grain, so flat areas are not perfectly flat (as in any camera image). */
  private static void addNoise(BufferedImage picture, SplittableRandom rng) {
    int[] px = ((DataBufferInt) picture.getRaster().getDataBuffer()).getData();
    int amplitude = 2 + rng.nextInt(3);
    for (int i = 0; i < px.length; i++) {
      int n = rng.nextInt(2 * amplitude + 1) - amplitude;
      int p = px[i];
      px[i] = (clamp(((p >> 16) & 0xFF) + n) << 16) | (clamp(((p >> 8) & 0xFF) + n) << 8) | clamp((p & 0xFF) + n);
    }
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : (v > 255 ? 255 : v);
  }
}
