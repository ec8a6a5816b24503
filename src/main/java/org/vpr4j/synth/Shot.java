package org.vpr4j.synth;

/**
 * One picture to take: where the camera stands and looks, and where the file goes.
 *
 * @param place the place it belongs to
 * @param query true for a query image, false for a database image
 * @param index view number (database) or query number at the place
 * @param eye camera position in the street frame
 * @param yaw heading, radians counter-clockwise from the street direction
 * @param pitch upward tilt, radians
 * @param roll sideways tilt, radians
 * @param hfovDegrees horizontal field of view
 * @param relativePath file name relative to the database root or to {@code queries_real/}
 */
record Shot(Place place, boolean query, int index, Vec3 eye, double yaw, double pitch, double roll,
    double hfovDegrees, String relativePath) {

  /** UTM easting and northing of the camera. */
  double[] utm() {
    return place.street().utmOf(eye.x(), eye.y());
  }
}
