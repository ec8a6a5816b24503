package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * BAM's channel-gate pooling ({@code model.bamPooling}): {@code square}, the reference's mean of the
 * left H x H block (needs H <= W < 2H), or {@code global}, the mean of the whole map.
 */
public enum BamPooling implements Choice {
  SQUARE,
  GLOBAL;

  @Override
  public String toString() {
    return spelling();
  }

  @JsonCreator
  public static BamPooling of(String spelling) {
    return Choice.parse(BamPooling.class, spelling);
  }
}
