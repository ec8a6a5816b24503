package org.vpr4j.synth;

/** The three geographically disjoint parts of the city, named as in the NetVLAD {@code whichSet} field. */
public enum Split {
  TRAIN("train"),
  VAL("val"),
  TEST("test");

  private final String whichSet;

  Split(String whichSet) {
    this.whichSet = whichSet;
  }

  /** {@code train}, {@code val} or {@code test}. */
  public String whichSet() {
    return whichSet;
  }
}
