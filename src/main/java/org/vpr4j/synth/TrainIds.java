package org.vpr4j.synth;

import org.vpr4j.data.CityscapesClass;

/**
 * Short names for the Cityscapes train ids (docs/guidance.md) that the synthetic city writes into
 * its label images; the ids themselves come from {@link CityscapesClass}.
 */
final class TrainIds {
  static final int ROAD = CityscapesClass.ROAD.trainId();
  static final int SIDEWALK = CityscapesClass.SIDEWALK.trainId();
  static final int BUILDING = CityscapesClass.BUILDING.trainId();
  static final int WALL = CityscapesClass.WALL.trainId();
  static final int FENCE = CityscapesClass.FENCE.trainId();
  static final int POLE = CityscapesClass.POLE.trainId();
  static final int TRAFFIC_LIGHT = CityscapesClass.TRAFFIC_LIGHT.trainId();
  static final int TRAFFIC_SIGN = CityscapesClass.TRAFFIC_SIGN.trainId();
  static final int VEGETATION = CityscapesClass.VEGETATION.trainId();
  static final int TERRAIN = CityscapesClass.TERRAIN.trainId();
  static final int SKY = CityscapesClass.SKY.trainId();
  static final int PERSON = CityscapesClass.PERSON.trainId();
  static final int RIDER = CityscapesClass.RIDER.trainId();
  static final int CAR = CityscapesClass.CAR.trainId();
  static final int TRUCK = CityscapesClass.TRUCK.trainId();
  static final int BUS = CityscapesClass.BUS.trainId();
  static final int BICYCLE = CityscapesClass.BICYCLE.trainId();
  /** Cityscapes' "ignore" value; the renderer never leaves a pixel unlabelled, but readers accept it. */
  static final int VOID = CityscapesClass.VOID;
  /** Number of real classes: valid ids are 0..18. */
  static final int NUM_CLASSES = CityscapesClass.COUNT;

  private TrainIds() {}

  /** True for the classes that change between visits (humans and vehicles, ids 11..18). */
  static boolean isDynamic(int id) {
    return id >= PERSON && id < NUM_CLASSES;
  }
}
