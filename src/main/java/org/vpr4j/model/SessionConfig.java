package org.vpr4j.model;

import org.tensorflow.proto.ConfigProto;

/** TensorFlow session settings measured to be fastest on CPU (TENSORFLOW-JAVA.md §5). */
public final class SessionConfig {
  private SessionConfig() {}

  /** All cores for one op, one op at a time: conv layers dominate and parallelise internally. */
  public static ConfigProto cpu() {
    int cores = Runtime.getRuntime().availableProcessors();
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(cores)
        .setInterOpParallelismThreads(1)
        .setAllowSoftPlacement(true)
        .build();
  }
}
