package org.vpr4j.synth;

import java.awt.Color;

/** A linear-ish colour with components in [0, 1], so lighting can multiply and blend it. */
record Rgb(double r, double g, double b) {
  static Rgb of(int hex) {
    return new Rgb(((hex >> 16) & 0xFF) / 255.0, ((hex >> 8) & 0xFF) / 255.0, (hex & 0xFF) / 255.0);
  }

  Rgb times(double k) {
    return new Rgb(r * k, g * k, b * k);
  }

  Rgb plus(Rgb o) {
    return new Rgb(r + o.r, g + o.g, b + o.b);
  }

  Rgb times(Rgb o) {
    return new Rgb(r * o.r, g * o.g, b * o.b);
  }

  /** {@code this} at {@code t = 0}, {@code o} at {@code t = 1}. */
  Rgb mix(Rgb o, double t) {
    return new Rgb(r + (o.r - r) * t, g + (o.g - g) * t, b + (o.b - b) * t);
  }

  /** A small random change of brightness and hue, so no two instances of a style look identical. */
  Rgb jitter(java.util.SplittableRandom rng, double amount) {
    double k = 1 + Seeds.uniform(rng, -amount, amount);
    return new Rgb(
        r * k + Seeds.uniform(rng, -amount, amount) * 0.3,
        g * k + Seeds.uniform(rng, -amount, amount) * 0.3,
        b * k + Seeds.uniform(rng, -amount, amount) * 0.3).clamped();
  }

  Rgb clamped() {
    return new Rgb(clamp(r), clamp(g), clamp(b));
  }

  Color toColor() {
    return new Color(toByte(r), toByte(g), toByte(b));
  }

  private static double clamp(double v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }

  private static int toByte(double v) {
    return (int) Math.round(clamp(v) * 255);
  }
}
