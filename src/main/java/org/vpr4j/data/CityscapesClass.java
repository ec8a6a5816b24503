package org.vpr4j.data;

import java.util.List;

/**
 * The 19 Cityscapes classes in train-id order, each with its category (docs/guidance.md). A label image
 * or a segmenter's argmax gives one train id per pixel; {@link #VOID} (255) marks pixels that a
 * label image leaves unlabelled.
 */
public enum CityscapesClass {
  ROAD("road", Category.FLAT),
  SIDEWALK("sidewalk", Category.FLAT),
  BUILDING("building", Category.CONSTRUCTION),
  WALL("wall", Category.CONSTRUCTION),
  FENCE("fence", Category.CONSTRUCTION),
  POLE("pole", Category.OBJECT),
  TRAFFIC_LIGHT("traffic light", Category.OBJECT),
  TRAFFIC_SIGN("traffic sign", Category.OBJECT),
  VEGETATION("vegetation", Category.NATURE),
  TERRAIN("terrain", Category.NATURE),
  SKY("sky", Category.SKY),
  PERSON("person", Category.HUMAN),
  RIDER("rider", Category.HUMAN),
  CAR("car", Category.VEHICLE),
  TRUCK("truck", Category.VEHICLE),
  BUS("bus", Category.VEHICLE),
  TRAIN("train", Category.VEHICLE),
  MOTORCYCLE("motorcycle", Category.VEHICLE),
  BICYCLE("bicycle", Category.VEHICLE);

  /** Number of classes, the segmenter's output channels. */
  public static final int COUNT = 19;
  /** Cityscapes' "ignore" train id, found in label images but never predicted. */
  public static final int VOID = 255;

  private static final List<CityscapesClass> BY_ID = List.of(values());

  private final String label;
  private final Category category;

  CityscapesClass(String label, Category category) {
    this.label = label;
    this.category = category;
  }

  /** The train id, 0..18 (the declaration order). */
  public int trainId() {
    return ordinal();
  }

  /** The Cityscapes name, e.g. {@code traffic light}. */
  public String label() {
    return label;
  }

  public Category category() {
    return category;
  }

  /** The class of train id {@code id} (0..18). */
  public static CityscapesClass of(int id) {
    if (id < 0 || id >= COUNT) {
      throw new IllegalArgumentException("train id " + id + " is not in 0.." + (COUNT - 1));
    }
    return BY_ID.get(id);
  }
}
