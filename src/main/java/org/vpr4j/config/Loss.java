package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The training loss ({@code training.loss}, docs/training.md): PyTorch's triplet margin loss or the
 * sharpened triplet marginal loss (sTML).
 */
public enum Loss implements Choice {
  TRIPLET,
  STML;

  @Override
  public String toString() {
    return spelling();
  }

  @JsonCreator
  public static Loss of(String spelling) {
    return Choice.parse(Loss.class, spelling);
  }
}
