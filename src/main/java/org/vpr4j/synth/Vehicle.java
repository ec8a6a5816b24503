package org.vpr4j.synth;

/**
 * A car, van, truck or bus standing or driving along the street (a distractor).
 *
 * @param kind body type, which also sets the Cityscapes class
 * @param x centre along the street
 * @param y centre across the street
 * @param direction +1 if the front points to +x, else -1
 * @param length overall length
 * @param width overall width
 * @param colour body colour
 */
record Vehicle(Kind kind, double x, double y, int direction, double length, double width, Rgb colour) {

  enum Kind { CAR, VAN, TRUCK, BUS }

  /** Train id of the whole vehicle. */
  int label() {
    return switch (kind) {
      case CAR, VAN -> TrainIds.CAR;
      case TRUCK -> TrainIds.TRUCK;
      case BUS -> TrainIds.BUS;
    };
  }
}
