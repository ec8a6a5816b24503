package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The first VGG16 block that training updates ({@code training.trainableFrom}); earlier blocks stay
 * frozen.
 */
public enum TrainableFrom implements Choice {
  CONV1,
  CONV2,
  CONV3,
  CONV4,
  CONV5,
  ALL;

  @Override
  public String toString() {
    return spelling();
  }

  @JsonCreator
  public static TrainableFrom of(String spelling) {
    return Choice.parse(TrainableFrom.class, spelling);
  }
}
