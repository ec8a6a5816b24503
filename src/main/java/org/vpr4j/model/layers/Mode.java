package org.vpr4j.model.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.op.Op;

/**
 * Training or inference for one forward pass. In training, batch norm uses batch statistics and
 * registers the ops that update its running statistics; the caller runs them with each step.
 */
public final class Mode {
  private final boolean training;
  private final List<Op> updates = new ArrayList<>();

  private Mode(boolean training) {
    this.training = training;
  }

  public static Mode training() {
    return new Mode(true);
  }

  public static Mode inference() {
    return new Mode(false);
  }

  public boolean isTraining() {
    return training;
  }

  void addUpdate(Op op) {
    updates.add(op);
  }

  /** Ops that update running statistics (empty in inference). */
  public List<Op> updates() {
    return Collections.unmodifiableList(updates);
  }
}
