package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The encoder network ({@code model.backbone}); only the paper's VGG16. */
public enum Backbone implements Choice {
  VGG16("vgg16");

  private final String spelling;

  Backbone(String spelling) {
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
  public static Backbone of(String spelling) {
    return Choice.parse(Backbone.class, spelling);
  }
}
