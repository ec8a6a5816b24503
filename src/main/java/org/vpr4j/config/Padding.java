package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * How a convolution pads its input, as PyTorch's {@code padding_mode} ({@code
 * model.deattentionPadding} chooses it for the de-attention mask head).
 */
public enum Padding implements Choice {
  REFLECT,
  ZEROS;

  @Override
  public String toString() {
    return spelling();
  }

  @JsonCreator
  public static Padding of(String spelling) {
    return Choice.parse(Padding.class, spelling);
  }
}
