package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The first VGG16 block that training updates ({@code training.trainableFrom}); earlier blocks stay
 * frozen.
 */
public enum TrainableFrom implements Choice {
  CONV1("conv1"),
  CONV2("conv2"),
  CONV3("conv3"),
  CONV4("conv4"),
  CONV5("conv5"),
  ALL("all");

  private final String spelling;

  TrainableFrom(String spelling) {
    this.spelling = spelling;
  }

  @Override
  public String spelling() {
    return spelling;
  }

  @Override
  public String toString() {
    return spelling;
  }

  @JsonCreator
  public static TrainableFrom of(String spelling) {
    return Choice.parse(TrainableFrom.class, spelling);
  }
}
