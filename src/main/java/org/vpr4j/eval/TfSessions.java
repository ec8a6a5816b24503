package org.vpr4j.eval;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/** Opens TensorFlow sessions configured for the CPU work of search and clustering. */
public final class TfSessions {
  private TfSessions() {}

  /**
   * A session on {@code tfGraph} whose ops may use every core ({@code intra_op}) while ops run one
   * after another ({@code inter_op = 1}): these graphs are a single chain around one large matmul,
   * and measurements on 2 cores found this the fastest setting.
   */
  public static Session cpuSession(Graph tfGraph) {
    ConfigProto config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(Runtime.getRuntime().availableProcessors())
        .setInterOpParallelismThreads(1)
        .build();
    return new Session(tfGraph, config);
  }
}
