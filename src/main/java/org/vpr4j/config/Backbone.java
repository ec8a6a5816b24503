package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The encoder network ({@code model.backbone}); only the paper's VGG16. */
public enum Backbone implements Choice {
  VGG16;

  @Override
  public String toString() {
    return spelling();
  }

  @JsonCreator
  public static Backbone of(String spelling) {
    return Choice.parse(Backbone.class, spelling);
  }
}
