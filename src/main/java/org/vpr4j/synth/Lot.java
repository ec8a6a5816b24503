package org.vpr4j.synth;

/**
 * An empty plot between buildings along one side of the street: grass or gravel behind a low
 * wall, a fence or a hedge, through which the buildings further back can be seen.
 *
 * @param x0 start along the street
 * @param x1 end along the street
 * @param side +1 for the left side (positive y), -1 for the right side
 * @param frontY distance of the boundary from the street axis (positive)
 * @param depth how far the plot reaches back
 * @param boundary what separates the plot from the sidewalk
 * @param boundaryColour colour of that wall or fence
 * @param boundaryHeight its height in metres
 * @param grass grass (terrain) rather than bare ground
 */
record Lot(double x0, double x1, int side, double frontY, double depth, Boundary boundary, Rgb boundaryColour,
    double boundaryHeight, boolean grass) {

  enum Boundary { WALL, FENCE, HEDGE, NONE }
}
