package org.vpr4j.model.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.vpr4j.VprException;
import org.vpr4j.io.FloatArray;

/**
 * The model's variables, named after the PyTorch checkpoint keys ({@code encoder.0.weight},
 * {@code pool.centroids}, ...) so that importing weights is a lookup. Values are kept in
 * TensorFlow's layout (convolutions HWIO, linear layers [in, out]). Every variable has a
 * placeholder-fed assign op, so values are loaded from Java in one session run.
 */
public final class Params {

  /**
   * Whether a variable is learned by gradient descent, is running state of the model (BN
   * statistics), or belongs to the optimizer (momentum and Adam slots; saved in training
   * checkpoints, not needed for inference).
   */
  public enum Role {
    WEIGHT,
    STATE,
    SLOT
  }

  /**
   * One registered parameter: a variable with its feed and assign ops, or, in a frozen set, a
   * constant ({@code variable}, {@code feed} and {@code assign} null).
   */
  public record Param(String name, long[] shape, Role role, ParamInit init, Variable<TFloat32> variable,
      Placeholder<TFloat32> feed, Assign<TFloat32> assign, Operand<TFloat32> value) {}

  private final Ops tf;
  private final Map<String, Param> params = new LinkedHashMap<>();
  private final Map<String, FloatArray> frozen;
  private final Map<String, FloatArray> used = new LinkedHashMap<>();
  private final long seed;

  /** Parameters held in variables (training, and any graph whose weights are loaded later). */
  public Params(Ops tf) {
    this(tf, null, 0);
  }

  private Params(Ops tf, Map<String, FloatArray> frozen, long seed) {
    this.tf = tf;
    this.frozen = frozen;
    this.seed = seed;
  }

  /**
   * Parameters baked into the graph as constants with the given values (an inference-only graph):
   * TensorFlow's oneDNN convolutions then reorder and pack a constant filter once, on the first
   * run, instead of on every run (docs/benchmarks.md, "Weights as constants"). A parameter that
   * the map lacks, or holds with another shape, gets its seeded initial value, as
   * {@link #initialize} would give it: check the map with {@link #fitting} or
   * {@link #requireShapes} once the graph is built. Nothing here can be assigned later.
   */
  public static Params frozen(Ops tf, Map<String, FloatArray> values, long seed) {
    return new Params(tf, Map.copyOf(values), seed);
  }

  public Ops tf() {
    return tf;
  }

  /** Whether the parameters are graph constants rather than variables. */
  public boolean isFrozen() {
    return frozen != null;
  }

  /** Creates a parameter once; a second call with the same name returns the first one. */
  public Operand<TFloat32> get(String name, long[] shape, Role role, ParamInit init) {
    Param existing = params.get(name);
    if (existing != null) {
      if (!java.util.Arrays.equals(existing.shape(), shape)) {
        throw new IllegalStateException("parameter " + name + " requested with two shapes");
      }
      return existing.value();
    }
    if (frozen != null) {
      FloatArray v = frozen.get(name);
      if (v == null || !v.sameShape(shape)) {
        // The seeded initial value, as initialize() gives a variable; a caller that needed this
        // weight finds it missing or misshapen with fitting() or requireShapes() after the build.
        v = new FloatArray(shape, init.values(shape, seed, name));
      }
      used.put(name, v);
      Operand<TFloat32> c = tf.withName(name).constant(Shape.of(shape), DataBuffers.of(v.data(), true, false));
      params.put(name, new Param(name, shape.clone(), role, init, null, null, null, c));
      return c;
    }
    Variable<TFloat32> v = tf.withName(name).variable(Shape.of(shape), TFloat32.class);
    Placeholder<TFloat32> feed =
        tf.withName(name + "_value").placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
    Assign<TFloat32> assign = tf.withName(name + "_assign").assign(v, feed);
    params.put(name, new Param(name, shape.clone(), role, init, v, feed, assign, v));
    return v;
  }

  public Operand<TFloat32> weight(String name, long[] shape, ParamInit init) {
    return get(name, shape, Role.WEIGHT, init);
  }

  public Operand<TFloat32> state(String name, long[] shape, ParamInit init) {
    return get(name, shape, Role.STATE, init);
  }

  /** An optimizer slot: always a variable (a frozen set has no training). */
  public Variable<TFloat32> slot(String name, long[] shape, ParamInit init) {
    if (frozen != null) {
      throw new IllegalStateException("a frozen parameter set cannot train (slot " + name + ")");
    }
    return (Variable<TFloat32>) get(name, shape, Role.SLOT, init);
  }

  public List<Param> all() {
    return Collections.unmodifiableList(new ArrayList<>(params.values()));
  }

  public boolean contains(String name) {
    return params.containsKey(name);
  }

  public Param param(String name) {
    Param p = params.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return p;
  }

  /** Total number of scalars in the model's WEIGHT and STATE variables (optimizer slots excluded). */
  public long count() {
    long n = 0;
    for (Param p : params.values()) {
      if (p.role() != Role.SLOT) {
        n += ParamInit.size(p.shape());
      }
    }
    return n;
  }

  /** The subset of {@code values} whose names are parameters of this model. */
  public Map<String, FloatArray> known(Map<String, FloatArray> values) {
    Map<String, FloatArray> out = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (params.containsKey(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /**
   * The values of a checkpoint this model loads: the subset of {@code values} it has variables for,
   * after checking that every weight and running statistic of the model is there with its shape
   * (optimizer slots may be missing: a fresh training starts them at zero). A checkpoint of another
   * variant fails here, with {@code origin} (the file) and the differences in the message, instead
   * of leaving some of the model's weights at their random initial values.
   */
  public Map<String, FloatArray> fitting(Map<String, FloatArray> values, String origin) {
    List<String> missing = new ArrayList<>();
    List<String> misshapen = new ArrayList<>();
    for (Param p : params.values()) {
      FloatArray v = values.get(p.name());
      if (v == null) {
        if (p.role() != Role.SLOT) {
          missing.add(p.name());
        }
      } else if (!v.sameShape(p.shape())) {
        misshapen.add(p.name() + " is " + v.shapeString() + " (the model needs " + java.util.Arrays.toString(p.shape())
            + ")");
      }
    }
    if (!missing.isEmpty() || !misshapen.isEmpty()) {
      List<String> problems = new ArrayList<>();
      if (!misshapen.isEmpty()) {
        problems.add(misshapen.size() + " weight(s) of another shape: " + firstFew(misshapen));
      }
      if (!missing.isEmpty()) {
        problems.add(missing.size() + " weight(s) missing: " + firstFew(missing));
      }
      throw new VprException(origin + " does not fit this model (is it from another model variant?): "
          + String.join("; ", problems));
    }
    return known(values);
  }

  private static String firstFew(List<String> items) {
    int shown = Math.min(items.size(), 5);
    String list = String.join(", ", items.subList(0, shown));
    return items.size() > shown ? list + " and " + (items.size() - shown) + " more" : list;
  }

  /** Gives every variable its initial value (seeded, see {@link ParamInit}). */
  public void initialize(Session session, long seed) {
    if (frozen != null) {
      return; // constants hold their values already
    }
    Map<String, FloatArray> values = new LinkedHashMap<>();
    for (Param p : params.values()) {
      values.put(p.name(), new FloatArray(p.shape(), p.init().values(p.shape(), seed, p.name())));
    }
    assign(session, values);
  }

  /**
   * Loads the given values into their variables (others keep their value). Unknown names and
   * mismatched shapes are errors, reported all at once.
   */
  public void assign(Session session, Map<String, FloatArray> values) {
    if (frozen != null) {
      throw new IllegalStateException("the parameters of this graph are constants: build a new graph to change them");
    }
    requireShapes(values);
    if (values.isEmpty()) {
      return; // a session run needs at least one target
    }
    List<Tensor> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Map.Entry<String, FloatArray> e : values.entrySet()) {
        Param p = params.get(e.getKey());
        TFloat32 t = Tensors.floats(p.shape(), e.getValue().data());
        tensors.add(t);
        runner.feed(p.feed(), t).addTarget(p.assign());
      }
      runner.run();
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  /**
   * Checks that every name in {@code values} is a parameter of the graph built so far, with the
   * parameter's shape; the problems are reported all at once.
   */
  public void requireShapes(Map<String, FloatArray> values) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, FloatArray> e : values.entrySet()) {
      Param p = params.get(e.getKey());
      if (p == null) {
        problems.add(e.getKey() + ": not a parameter of this model");
      } else if (!e.getValue().sameShape(p.shape())) {
        problems.add(e.getKey() + ": shape " + e.getValue().shapeString() + ", the model needs "
            + java.util.Arrays.toString(p.shape()));
      }
    }
    if (!problems.isEmpty()) {
      throw new VprException("weights do not fit the model:\n  " + String.join("\n  ", problems));
    }
  }

  /** Reads the current value of every variable. */
  public Map<String, FloatArray> read(Session session) {
    Map<String, FloatArray> out = new LinkedHashMap<>();
    if (frozen != null) {
      out.putAll(used);
      return out;
    }
    if (params.isEmpty()) {
      return out;
    }
    Session.Runner runner = session.runner();
    List<Param> order = new ArrayList<>(params.values());
    for (Param p : order) {
      runner.fetch(p.variable());
    }
    try (Result r = runner.run()) {
      for (int i = 0; i < order.size(); i++) {
        Param p = order.get(i);
        out.put(p.name(), new FloatArray(p.shape(), Tensors.toArray((TFloat32) r.get(i))));
      }
    }
    return out;
  }
}
