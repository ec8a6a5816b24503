package org.vpr4j.synth;

/** The Cityscapes train ids (docs/guidance.md) that the synthetic city writes into its label images. */
final class TrainIds {
  static final int ROAD = 0;
  static final int SIDEWALK = 1;
  static final int BUILDING = 2;
  static final int WALL = 3;
  static final int FENCE = 4;
  static final int POLE = 5;
  static final int TRAFFIC_LIGHT = 6;
  static final int TRAFFIC_SIGN = 7;
  static final int VEGETATION = 8;
  static final int TERRAIN = 9;
  static final int SKY = 10;
  static final int PERSON = 11;
  static final int RIDER = 12;
  static final int CAR = 13;
  static final int TRUCK = 14;
  static final int BUS = 15;
  static final int BICYCLE = 18;
  /** Cityscapes' "ignore" value; the renderer never leaves a pixel unlabelled, but readers accept it. */
  static final int VOID = 255;
  /** Number of real classes: valid ids are 0..18. */
  static final int NUM_CLASSES = 19;

  private TrainIds() {}

  /** True for the classes that change between visits (humans and vehicles, ids 11..18). */
  static boolean isDynamic(int id) {
    return id >= PERSON && id < NUM_CLASSES;
  }
}
