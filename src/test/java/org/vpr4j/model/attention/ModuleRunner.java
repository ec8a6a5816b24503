package org.vpr4j.model.attention;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.layers.Layers;
import org.vpr4j.model.layers.Mode;
import org.vpr4j.model.layers.Params;
import org.vpr4j.model.layers.Tensors;

/** Runs one attention module once on given features and weights, in its own graph. */
final class ModuleRunner {
  private ModuleRunner() {}

  /** Outputs (NHWC, mask null if none), the names of the variables the module created, and their values after the run. */
  record Run(FloatArray features, FloatArray mask, Set<String> names, Map<String, FloatArray> values) {}

  static Run run(AttentionModule module, FloatArray input, Map<String, FloatArray> weights, boolean training) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Params params = new Params(tf);
      Layers layers = new Layers(tf, params);
      long[] shape = input.shape();
      var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, shape[1], shape[2], shape[3])));
      Mode mode = training ? Mode.training() : Mode.inference();
      AttentionOutput out = module.apply(layers, x, mode);
      Set<String> names = new TreeSet<>();
      params.all().forEach(p -> names.add(p.name()));
      // Params' session runs need at least one variable (ch_attention has none).
      boolean hasParams = !names.isEmpty();
      if (hasParams) {
        params.initialize(s, 1);
        Map<String, FloatArray> known = new LinkedHashMap<>(weights);
        known.keySet().retainAll(names);
        params.assign(s, known);
      }
      try (TFloat32 in = Tensors.floats(shape, input.data())) {
        Session.Runner runner = s.runner().feed(x, in).fetch(out.features());
        if (out.mask() != null) {
          runner.fetch(out.mask());
        }
        mode.updates().forEach(runner::addTarget);
        try (Result r = runner.run()) {
          FloatArray features = Tensors.toFloatArray((TFloat32) r.get(0));
          FloatArray mask = out.mask() == null ? null : Tensors.toFloatArray((TFloat32) r.get(1));
          return new Run(features, mask, names, hasParams ? params.read(s) : Map.of());
        }
      }
    }
  }
}
