package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The optimizer ({@code training.optimizer}): SGD with momentum and weight decay, or Adam. */
public enum Optimizer implements Choice {
  SGD,
  ADAM;

  @Override
  public String toString() {
    return spelling();
  }

  @JsonCreator
  public static Optimizer of(String spelling) {
    return Choice.parse(Optimizer.class, spelling);
  }
}
