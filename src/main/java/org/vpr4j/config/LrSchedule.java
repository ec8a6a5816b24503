package org.vpr4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The learning-rate schedule ({@code training.lrSchedule}): constant (the paper's code never steps its
 * scheduler) or pytorch-NetVlad's step schedule.
 */
public enum LrSchedule implements Choice {
  CONSTANT,
  STEP;

  @Override
  public String toString() {
    return spelling();
  }

  @JsonCreator
  public static LrSchedule of(String spelling) {
    return Choice.parse(LrSchedule.class, spelling);
  }
}
