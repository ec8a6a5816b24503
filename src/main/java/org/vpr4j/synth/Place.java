package org.vpr4j.synth;

/**
 * A spot on a street where the database images are taken.
 *
 * @param split district
 * @param id number unique over the whole city; it names the image files
 * @param street the street
 * @param x position along the street
 * @param y position across the street (the camera lane)
 */
record Place(Split split, int id, Street street, double x, double y) {}
