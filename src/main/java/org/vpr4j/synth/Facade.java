package org.vpr4j.synth;

/**
 * The look of one building's street face: what makes a place recognisable. Every field is fixed
 * when the city is planned, so all images of the building show the same facade.
 *
 * @param wall main wall colour
 * @param trim cornice, string courses and pilasters
 * @param frame window frames and sills
 * @param glass window glass (mixed with the sky colour when rendered)
 * @param groundFloorHeight height of the ground floor in metres
 * @param floorHeight height of each upper floor in metres
 * @param bayWidth horizontal spacing of the window grid in metres
 * @param windowWidth window width as a fraction of a bay
 * @param windowHeight window height as a fraction of a floor
 * @param windowShape rectangular, arched or square windows
 * @param pilasters vertical bands between bays
 * @param balconies a balcony slab under every other upper window
 * @param shop the ground-floor shop, or {@code null} for a residential entrance
 * @param door door colour
 * @param doorPosition where the door sits along the facade, 0..1
 */
record Facade(
    Rgb wall,
    Rgb trim,
    Rgb frame,
    Rgb glass,
    double groundFloorHeight,
    double floorHeight,
    double bayWidth,
    double windowWidth,
    double windowHeight,
    WindowShape windowShape,
    boolean pilasters,
    boolean balconies,
    Shop shop,
    Rgb door,
    double doorPosition) {

  /** Window outlines; each changes the texture of a facade noticeably. */
  enum WindowShape { RECT, ARCHED, SQUARE, TALL }

  /**
   * A shop front: sign board, optional striped awning and optional blade sign sticking out of the
   * wall. The lettering is drawn from {@code letteringSeed}, so it is the same in every image.
   */
  record Shop(
      Rgb sign,
      Rgb lettering,
      SignShape signShape,
      Rgb awningA,
      Rgb awningB,
      boolean hasAwning,
      boolean hasBladeSign,
      SignShape bladeShape,
      Rgb blade,
      double bladePosition,
      long letteringSeed) {}

  /** Outline of shop and blade signs. */
  enum SignShape { BOARD, ROUNDED, OVAL, DIAMOND, CIRCLE }
}
