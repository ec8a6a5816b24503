package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * An attention module ({@code model.attentions}, docs/attention.md). The modules run in the order
 * of {@link Variants#attentionOrder()}, the data file that {@code weights-import/} reads too, not
 * in this declaration's order.
 */
public enum Attention implements Choice {
  DEATTENTION,
  CH,
  ECA,
  SENET,
  BAM,
  CBAM,
  CRN;

  @Override
  public String toString() {
    return spelling();
  }

  @JsonCreator
  public static Attention of(String spelling) {
    return Choice.parse(Attention.class, spelling);
  }
}
