package org.vpr4j.synth;

/**
 * A fixed object on the sidewalk: street lamp, traffic light, traffic sign or tree.
 *
 * @param kind what it is
 * @param x position along the street
 * @param y position across the street
 * @param height overall height in metres
 * @param colour pole colour, sign colour or foliage base colour
 * @param variant shape variant (sign shape, lamp style, crown shape)
 * @param facing +1 if it faces towards +x (seen by cameras looking along -x), else -1
 */
record StreetProp(Kind kind, double x, double y, double height, Rgb colour, int variant, int facing) {

  enum Kind { LAMP, TRAFFIC_LIGHT, SIGN, TREE }
}
