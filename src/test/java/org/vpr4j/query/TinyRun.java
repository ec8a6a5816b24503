package org.vpr4j.query;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.InferenceModel;

/** A run folder with randomly initialised weights of a tiny network, as {@code vpr4j cluster} would leave one. */
public final class TinyRun {
  private TinyRun() {}

  /**
   * Creates {@code root} with {@code graph.json} and {@code checkpoints/init.h5}.
   *
   * @param attentions JSON list of attention modules, e.g. {@code ["deattention"]}
   */
  public static RunFolder create(Path root, String name, int clusters, String attentions, long seed) throws Exception {
    Path graphFile = Files.createDirectories(root).resolve(RunFolder.GRAPH);
    Files.writeString(graphFile, "{\"name\":\"" + name + "\",\"model\":{\"width\":0.0625,\"inputWidth\":64,"
        + "\"inputHeight\":64,\"numClusters\":" + clusters + ",\"attentions\":" + attentions + "}}");
    GraphConfig graph = GraphConfig.read(graphFile);
    RunFolder run = RunFolder.open(root);
    try (InferenceModel model = new InferenceModel(graph.model(), seed)) {
      run.writeCheckpoint("init", model.weights(), Map.of("source", "test"));
    }
    return run;
  }
}
