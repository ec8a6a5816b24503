package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** How the encoder's features become one descriptor ({@code model.pooling}, docs/model.md). */
public enum Pooling implements Choice {
  NETVLAD,
  MAX,
  AVG,
  GEM;

  @Override
  public String toString() {
    return spelling();
  }

  @JsonCreator
  public static Pooling of(String spelling) {
    return Choice.parse(Pooling.class, spelling);
  }
}
