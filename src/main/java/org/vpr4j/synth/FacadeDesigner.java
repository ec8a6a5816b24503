package org.vpr4j.synth;

import java.util.SplittableRandom;
import org.vpr4j.synth.Facade.Shop;
import org.vpr4j.synth.Facade.SignShape;
import org.vpr4j.synth.Facade.WindowShape;

/** Draws random but plausible facade designs for the character of a street. */
final class FacadeDesigner {
  private FacadeDesigner() {}

  /** The kind of street, which sets building heights, widths and how many shops there are. */
  enum Character { DOWNTOWN, MAIN_STREET, RESIDENTIAL }

  static Facade front(SplittableRandom rng, Character character) {
    Rgb wall = Seeds.pick(rng, character == Character.DOWNTOWN ? Palette.DOWNTOWN_WALLS : Palette.WALLS)
        .jitter(rng, 0.08);
    double shopChance = switch (character) {
      case DOWNTOWN -> 0.6;
      case MAIN_STREET -> 0.85;
      case RESIDENTIAL -> 0.1;
    };
    Shop shop = rng.nextDouble() < shopChance ? shop(rng) : null;
    double floor = Seeds.uniform(rng, 2.9, 3.6);
    return new Facade(
        wall,
        Seeds.pick(rng, Palette.TRIMS).jitter(rng, 0.05),
        Seeds.pick(rng, Palette.FRAMES),
        Seeds.pick(rng, Palette.GLASS),
        shop != null ? Seeds.uniform(rng, 4.0, 5.0) : floor,
        floor,
        Seeds.uniform(rng, 2.2, 3.8),
        Seeds.uniform(rng, 0.35, 0.7),
        Seeds.uniform(rng, 0.4, 0.65),
        WindowShape.values()[rng.nextInt(WindowShape.values().length)],
        rng.nextDouble() < 0.35,
        character != Character.DOWNTOWN && rng.nextDouble() < 0.2,
        shop,
        Seeds.pick(rng, Palette.DOORS),
        Seeds.uniform(rng, 0.1, 0.9));
  }

  /** A plainer facade for the buildings one block back: no shops, small regular windows. */
  static Facade backdrop(SplittableRandom rng) {
    double floor = Seeds.uniform(rng, 3.0, 3.6);
    return new Facade(
        Seeds.pick(rng, Palette.BACKDROP_WALLS).jitter(rng, 0.08),
        Seeds.pick(rng, Palette.TRIMS),
        Seeds.pick(rng, Palette.FRAMES),
        Seeds.pick(rng, Palette.GLASS),
        floor,
        floor,
        Seeds.uniform(rng, 2.5, 4.0),
        Seeds.uniform(rng, 0.4, 0.7),
        Seeds.uniform(rng, 0.45, 0.65),
        rng.nextBoolean() ? WindowShape.RECT : WindowShape.SQUARE,
        false,
        false,
        null,
        Seeds.pick(rng, Palette.DOORS),
        0.5);
  }

  private static Shop shop(SplittableRandom rng) {
    Rgb sign = Seeds.pick(rng, Palette.SIGNS);
    Rgb lettering = contrasting(rng, sign);
    Rgb awningA = Seeds.pick(rng, Palette.SIGNS);
    Rgb awningB = rng.nextBoolean() ? Rgb.of(0xf4f4f4) : awningA.times(0.8);
    SignShape[] boards = {SignShape.BOARD, SignShape.ROUNDED, SignShape.OVAL, SignShape.BOARD};
    SignShape[] blades = {SignShape.CIRCLE, SignShape.DIAMOND, SignShape.BOARD, SignShape.OVAL};
    return new Shop(sign, lettering, Seeds.pick(rng, boards), awningA, awningB, rng.nextDouble() < 0.55,
        rng.nextDouble() < 0.35, Seeds.pick(rng, blades), Seeds.pick(rng, Palette.SIGNS),
        Seeds.uniform(rng, 0.05, 0.95), rng.nextLong());
  }

  private static Rgb contrasting(SplittableRandom rng, Rgb background) {
    double luma = 0.3 * background.r() + 0.59 * background.g() + 0.11 * background.b();
    if (luma > 0.55) {
      return rng.nextBoolean() ? Rgb.of(0x1b1b1b) : Rgb.of(0xa01010);
    }
    return rng.nextBoolean() ? Rgb.of(0xf8f8f8) : Rgb.of(0xf1c40f);
  }
}
