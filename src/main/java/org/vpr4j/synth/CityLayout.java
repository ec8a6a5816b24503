package org.vpr4j.synth;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The planned city: its places per split (each place knows its street). */
record CityLayout(Map<Split, List<Place>> places) {
  CityLayout {
    places = new EnumMap<>(places);
  }

  List<Place> places(Split split) {
    return places.get(split);
  }
}
