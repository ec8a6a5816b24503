package org.vpr4j.guidance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;
import org.vpr4j.data.CityscapesClass;

class CityscapesMappingTest {
  @Test
  void theNineteenTrainIdsHaveTheCategoriesOfTheSpecTable() {
    String expected = "flat flat construction construction construction object object object nature nature sky"
        + " human human vehicle vehicle vehicle vehicle vehicle vehicle";
    StringBuilder got = new StringBuilder();
    for (int id = 0; id < CityscapesClass.COUNT; id++) {
      got.append(id == 0 ? "" : " ").append(CityscapesClass.of(id).category().id());
    }
    assertEquals(expected, got.toString());
    assertEquals("traffic light", CityscapesClass.of(6).label());
    assertEquals(13, CityscapesClass.CAR.trainId());
    assertThrows(IllegalArgumentException.class, () -> CityscapesClass.of(19));
  }

  @Test
  void defaultDistractorsSuppressHumansAndVehiclesOnly() {
    Distractors d = Distractors.of(Distractors.DEFAULT, "test");
    for (int id = 0; id < CityscapesClass.COUNT; id++) {
      assertEquals(id >= 11 ? 0f : 1f, d.keep(id), "train id " + id);
    }
    assertEquals(1f, d.keep(CityscapesClass.VOID), "void pixels are not distractors");
    assertEquals("human+vehicle", d.key());
  }

  @Test
  void theBestModelAlsoSuppressesTheSky() {
    Distractors d = Distractors.of(List.of("Vehicle", "sky", "human"), "training.distractors");
    assertEquals(0f, d.keep(CityscapesClass.SKY.trainId()));
    assertEquals(1f, d.keep(CityscapesClass.VEGETATION.trainId()));
    assertEquals(1f, d.keep(CityscapesClass.POLE.trainId()), "'object' is always kept");
    assertEquals("sky+human+vehicle", d.key(), "the key does not depend on the order of the list");
    byte[] ids = {0, 10, 11, 13, (byte) 255};
    assertEquals(List.of(1f, 0f, 0f, 0f, 1f), boxed(d.keepMask(ids)));
  }

  @Test
  void noDistractorsKeepsEverything() {
    Distractors d = Distractors.of(List.of(), "test");
    assertEquals("none", d.key());
    assertTrue(d.isValid(18));
    assertFalse(d.isValid(19));
    assertEquals(1f, d.keep(18));
  }

  @Test
  void anUnknownCategoryNamesTheSetting() {
    VprException e = assertThrows(VprException.class,
        () -> Distractors.of(List.of("human", "cars"), "training.distractors"));
    assertTrue(e.getMessage().contains("training.distractors") && e.getMessage().contains("'cars'"), e.getMessage());
  }

  private static List<Float> boxed(float[] a) {
    java.util.ArrayList<Float> out = new java.util.ArrayList<>();
    for (float v : a) {
      out.add(v);
    }
    return out;
  }
}
