package org.vpr4j.synth;

/**
 * A person on the sidewalk or a crossing, or a cyclist on the road (a distractor).
 *
 * @param x position along the street
 * @param y position across the street
 * @param height body height in metres
 * @param top shirt or coat colour
 * @param bottom trousers or skirt colour
 * @param skin skin colour
 * @param hair hair colour
 * @param stride leg spread of the walking pose, 0 (standing) to 1
 * @param bag colour of a shoulder bag, or {@code null}
 * @param cyclist riding a bicycle along the street
 * @param direction +1 heading to +x, -1 to -x (for cyclists)
 */
record Pedestrian(double x, double y, double height, Rgb top, Rgb bottom, Rgb skin, Rgb hair, double stride, Rgb bag,
    boolean cyclist, int direction) {

  Vec3 anchor() {
    return new Vec3(x, y, 0);
  }
}
