package org.vpr4j.synth;

import java.util.List;

/**
 * A straight street and everything fixed along it, described in the street's own frame (x along
 * the street from 0 to {@code length}, y across, positive to the left, z up). The frame is placed
 * on the map by {@link #utmOf}.
 *
 * @param split the district the street belongs to
 * @param index its number within the district
 * @param originEast UTM easting of the frame origin (metres)
 * @param originNorth UTM northing of the frame origin
 * @param heading direction of +x, radians counter-clockwise from east
 * @param length length of the block between the two cross streets
 * @param roadHalfWidth half the width of the carriageway
 * @param sidewalkWidth width of each sidewalk
 * @param crossWidth width of the cross streets (road and both sidewalks) at each end
 * @param asphalt road colour
 * @param pavement sidewalk colour
 * @param yellowCentreLine a double yellow centre line instead of white dashes
 * @param frontRow the buildings lining both sides
 * @param ends the buildings across the cross streets that close the view at both ends
 * @param backdrop taller buildings one block back, seen above and between the front row
 * @param lots empty plots and front yards
 * @param props lamps, traffic lights, signs and trees
 * @param crosswalks x positions of zebra crossings
 * @param manholes positions of manhole covers on the road
 */
record Street(
    Split split,
    int index,
    double originEast,
    double originNorth,
    double heading,
    double length,
    double roadHalfWidth,
    double sidewalkWidth,
    double crossWidth,
    Rgb asphalt,
    Rgb pavement,
    boolean yellowCentreLine,
    List<Building> frontRow,
    List<Building> ends,
    List<Building> backdrop,
    List<Lot> lots,
    List<StreetProp> props,
    List<Double> crosswalks,
    List<Vec3> manholes) {

  /** UTM easting and northing of the street point (x, y). */
  double[] utmOf(double x, double y) {
    double c = StrictMath.cos(heading);
    double s = StrictMath.sin(heading);
    return new double[] {originEast + c * x - s * y, originNorth + s * x + c * y};
  }

  /** Distance from the street axis to the outer edge of the sidewalk. */
  double sidewalkOuter() {
    return roadHalfWidth + sidewalkWidth;
  }
}
