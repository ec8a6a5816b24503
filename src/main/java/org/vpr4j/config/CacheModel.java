package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The network that describes the mining cache ({@code training.cacheModel}, docs/training.md): the
 * full model, or the paper's encoder-plus-pooling shortcut.
 */
public enum CacheModel implements Choice {
  FULL,
  ENCODER_POOL;

  @Override
  public String toString() {
    return spelling();
  }

  @JsonCreator
  public static CacheModel of(String spelling) {
    return Choice.parse(CacheModel.class, spelling);
  }
}
