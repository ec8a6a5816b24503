package org.vpr4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.model.Describer;
import org.vpr4j.model.FloatArray;
import org.vpr4j.model.Mode;
import org.vpr4j.model.Params;
import org.vpr4j.model.SessionConfig;
import org.vpr4j.model.Tensors;
import org.vpr4j.model.Vgg16Encoder;
import org.vpr4j.model.VprModel;

/**
 * One graph and session holding a model twice over the same variables: a training pass (batch
 * norm on batch statistics, loss, gradients of the trainable variables only, optimizer updates)
 * and an inference pass for the mining cache and validation.
 */
public final class TrainingGraph implements Describer, AutoCloseable {

  /** What one optimisation step measured. */
  public record StepResult(float loss, float meanQp, float meanQn, float meanPn) {}

  private final ModelConfig modelConfig;
  private final Graph graph;
  private final Session session;
  private final VprModel model;
  private final Placeholder<TUint8> trainImages;
  private final Placeholder<TInt32> q;
  private final Placeholder<TInt32> p;
  private final Placeholder<TInt32> n;
  private final Placeholder<TFloat32> lr;
  private final TripletLosses.Loss loss;
  private final List<Op> updates = new ArrayList<>();
  private final Placeholder<TUint8> inferImages;
  private final Operand<TFloat32> inferDescriptor;
  private final List<String> trainable = new ArrayList<>();

  public TrainingGraph(ModelConfig modelConfig, TrainConfig config, long seed) {
    this.modelConfig = modelConfig;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      model = new VprModel(modelConfig, tf);
      Shape imageShape = Shape.of(-1, modelConfig.inputHeight(), modelConfig.inputWidth(), 3);
      trainImages = tf.withName("train_images").placeholder(TUint8.class, Placeholder.shape(imageShape));
      q = tf.withName("triplet_q").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      p = tf.withName("triplet_p").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      n = tf.withName("triplet_n").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      lr = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

      Mode training = Mode.training();
      VprModel.Outputs out = model.forward(trainImages, training);
      loss = TripletLosses.build(tf, out.descriptor(), q, p, n, config);

      List<Params.Param> vars = model.params().all().stream()
          .filter(x -> x.role() == Params.Role.WEIGHT)
          .filter(isTrainable(config.trainableFrom()))
          .toList();
      vars.forEach(v -> trainable.add(v.name()));
      Output<?>[] varOutputs = vars.stream().map(v -> v.variable().asOutput()).toArray(Output<?>[]::new);
      Output<?>[] grads = graph.addGradients(loss.value().asOutput(), varOutputs);
      // Variables are references: an update could overwrite a weight that another gradient op
      // still has to read (a conv's input gradient uses its weight). Every update therefore waits
      // for every gradient, as TF1's GATE_GRAPH does.
      List<Op> gradientsDone = new ArrayList<>();
      for (Output<?> g : grads) {
        gradientsDone.add(tf.identity(g));
      }
      updates.addAll(Optimizers.apply(tf.withControlDependencies(gradientsDone), model.params(), vars, grads, lr,
          config));
      updates.addAll(training.updates());

      inferImages = tf.withName("image").placeholder(TUint8.class, Placeholder.shape(imageShape));
      inferDescriptor = model.forward(inferImages, Mode.inference()).descriptor();
      session = new Session(graph, SessionConfig.cpu());
      model.params().initialize(session, seed);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** Frozen VGG layers (below {@code from}) get no gradient ops at all; everything else trains. */
  static Predicate<Params.Param> isTrainable(String from) {
    if (from.equals("all")) {
      return x -> true;
    }
    int first = Vgg16Encoder.firstIndexOf(from);
    return x -> {
      if (!x.name().startsWith("encoder.")) {
        return true;
      }
      int index = Integer.parseInt(x.name().split("\\.")[1]);
      return index >= first;
    };
  }

  @Override
  public ModelConfig config() {
    return modelConfig;
  }

  public List<String> trainableNames() {
    return List.copyOf(trainable);
  }

  public Params params() {
    return model.params();
  }

  /** Every variable, optimizer slots included (for checkpoints). */
  public Map<String, FloatArray> state() {
    return model.params().read(session);
  }

  public void load(Map<String, FloatArray> values) {
    model.params().assign(session, values);
  }

  /**
   * One optimisation step on a batch of images and the triplets over it (indices into the batch).
   */
  public StepResult step(byte[] pixels, int images, int[] tq, int[] tp, int[] tn, double learningRate) {
    long[] shape = {images, modelConfig.inputHeight(), modelConfig.inputWidth(), 3};
    try (TUint8 x = Tensors.bytes(shape, pixels);
        TInt32 qt = TInt32.vectorOf(tq);
        TInt32 pt = TInt32.vectorOf(tp);
        TInt32 nt = TInt32.vectorOf(tn);
        TFloat32 lrt = TFloat32.scalarOf((float) learningRate)) {
      Session.Runner r = session.runner().feed(trainImages, x).feed(q, qt).feed(p, pt).feed(n, nt).feed(lr, lrt)
          .fetch(loss.value()).fetch(loss.meanQp()).fetch(loss.meanQn()).fetch(loss.meanPn());
      updates.forEach(r::addTarget);
      try (Result res = r.run()) {
        return new StepResult(scalar(res, 0), scalar(res, 1), scalar(res, 2), scalar(res, 3));
      }
    }
  }

  @Override
  public float[] describe(byte[] pixels, int count) {
    long[] shape = {count, modelConfig.inputHeight(), modelConfig.inputWidth(), 3};
    try (TUint8 x = Tensors.bytes(shape, pixels);
        Result r = session.runner().feed(inferImages, x).fetch(inferDescriptor).run()) {
      return Tensors.toArray((TFloat32) r.get(0));
    }
  }

  private static float scalar(Result r, int i) {
    return ((TFloat32) r.get(i)).getFloat();
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
