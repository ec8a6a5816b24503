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
import org.vpr4j.config.TrainableFrom;
import org.vpr4j.config.CacheModel;
import org.vpr4j.config.Attention;
import org.vpr4j.VprException;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.io.FloatArray;
import org.vpr4j.model.Describer;
import org.vpr4j.model.SessionConfig;
import org.vpr4j.model.Vgg16Encoder;
import org.vpr4j.model.VprModel;
import org.vpr4j.model.layers.Mode;
import org.vpr4j.model.layers.Params;
import org.vpr4j.model.layers.Tensors;

/**
 * One graph and session holding a model twice over the same variables: a training pass (batch
 * norm on batch statistics, loss, gradients of the trainable variables only, optimizer updates)
 * and an inference pass for the mining cache and validation.
 *
 * <p>With the de-attention module and {@code maskLossWeight > 0}, the training pass takes a
 * mask target [T, h, w, 1] for every image of the batch and adds {@code w * MSE(mask, target)},
 * the mean over all elements, after the triplet average (docs/guidance.md, docs/training.md). With
 * {@code cacheModel=encoder-pool} the mining cache skips every attention module, as the
 * reference's cache does (docs/training.md, docs/quirks.md item 2).
 */
public final class TrainingGraph implements Describer, AutoCloseable {

  /**
   * What one optimisation step measured.
   *
   * @param loss the total loss: the triplet average plus the weighted mask term
   * @param maskLoss the weighted mask term {@code w * MSE} (0 without de-attention guidance)
   * @param rankingLoss the triplet or sTML average alone
   */
  public record StepResult(float loss, float meanQp, float meanQn, float meanPn, float maskLoss, float rankingLoss) {}

  private final ModelConfig modelConfig;
  private final Graph tfGraph;
  private final Session session;
  private final VprModel model;
  private final Placeholder<TUint8> trainImages;
  private final Placeholder<TInt32> q;
  private final Placeholder<TInt32> p;
  private final Placeholder<TInt32> n;
  private final Placeholder<TFloat32> lr;
  private final TripletLosses.Loss loss;
  private final Operand<TFloat32> total;
  private final Placeholder<TFloat32> maskTarget;
  private final Operand<TFloat32> maskLoss;
  private final Operand<TFloat32> trainMask;
  private final List<Op> updates = new ArrayList<>();
  private final Placeholder<TUint8> inferImages;
  private final Operand<TFloat32> inferDescriptor;
  private final Operand<TFloat32> cacheDescriptor;
  private final List<String> trainable = new ArrayList<>();

  public TrainingGraph(ModelConfig modelConfig, TrainConfig config, long seed) {
    this.modelConfig = modelConfig;
    this.tfGraph = new Graph();
    try {
      Ops tf = Ops.create(tfGraph);
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
      trainMask = out.mask();
      if (usesMaskLoss(modelConfig, config)) {
        maskTarget = tf.withName("mask_target").placeholder(TFloat32.class, Placeholder.shape(
            Shape.of(-1, modelConfig.featureHeight(), modelConfig.featureWidth(), 1)));
        maskLoss = MaskLoss.build(tf, out.mask(), maskTarget, config.maskLossWeight());
        total = tf.math.add(loss.value(), maskLoss);
      } else {
        maskTarget = null;
        maskLoss = null;
        total = loss.value();
      }

      List<Params.Param> vars = model.params().all().stream()
          .filter(x -> x.role() == Params.Role.WEIGHT)
          .filter(isTrainable(config.trainableFrom()))
          .toList();
      vars.forEach(v -> trainable.add(v.name()));
      Output<?>[] varOutputs = vars.stream().map(v -> v.variable().asOutput()).toArray(Output<?>[]::new);
      Output<?>[] grads = tfGraph.addGradients(total.asOutput(), varOutputs);
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
      cacheDescriptor = config.cacheModel() == CacheModel.ENCODER_POOL && !modelConfig.attentions().isEmpty()
          ? EncoderPoolPass.descriptor(model, inferImages)
          : inferDescriptor;
      session = new Session(tfGraph, SessionConfig.training());
      model.params().initialize(session, seed);
    } catch (RuntimeException e) {
      tfGraph.close();
      throw e;
    }
  }

  /** True when the model has de-attention and the training gives its mask a loss weight. */
  public static boolean usesMaskLoss(ModelConfig model, TrainConfig training) {
    return model.has(Attention.DEATTENTION) && training.maskLossWeight() > 0;
  }

  /** Frozen VGG layers (below {@code from}) get no gradient ops at all; everything else trains. */
  static Predicate<Params.Param> isTrainable(TrainableFrom from) {
    if (from == TrainableFrom.ALL) {
      return x -> true;
    }
    int first = Vgg16Encoder.firstIndexOf(from.spelling());
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

  /** True when {@link #step} needs mask targets (de-attention with a mask loss weight). */
  public boolean needsMaskTargets() {
    return maskTarget != null;
  }

  /**
   * One optimisation step on a batch of images and the triplets over it (indices into the batch).
   */
  public StepResult step(byte[] pixels, int images, int[] tq, int[] tp, int[] tn, double learningRate) {
    return step(pixels, images, tq, tp, tn, null, learningRate);
  }

  /**
   * One optimisation step; {@code maskTargets} holds {@code images * h * w} target values (the
   * feature grid of every image of the batch, in batch order) when {@link #needsMaskTargets()}.
   */
  public StepResult step(byte[] pixels, int images, int[] tq, int[] tp, int[] tn, float[] maskTargets,
      double learningRate) {
    return run(pixels, images, tq, tp, tn, maskTargets, learningRate, true);
  }

  /** The losses of a batch in training mode, without changing any variable. */
  public StepResult evaluate(byte[] pixels, int images, int[] tq, int[] tp, int[] tn, float[] maskTargets) {
    return run(pixels, images, tq, tp, tn, maskTargets, 0, false);
  }

  /** The de-attention mask [n, h, w, 1] of the training pass (batch statistics), or null without one. */
  public float[] trainingMask(byte[] pixels, int images) {
    if (trainMask == null) {
      return null;
    }
    long[] shape = {images, modelConfig.inputHeight(), modelConfig.inputWidth(), 3};
    try (TUint8 x = Tensors.bytes(shape, pixels);
        Result r = session.runner().feed(trainImages, x).fetch(trainMask).run()) {
      return Tensors.toArray((TFloat32) r.get(0));
    }
  }

  private StepResult run(byte[] pixels, int images, int[] tq, int[] tp, int[] tn, float[] maskTargets,
      double learningRate, boolean update) {
    long[] shape = {images, modelConfig.inputHeight(), modelConfig.inputWidth(), 3};
    try (TUint8 x = Tensors.bytes(shape, pixels);
        TInt32 qt = TInt32.vectorOf(tq);
        TInt32 pt = TInt32.vectorOf(tp);
        TInt32 nt = TInt32.vectorOf(tn);
        TFloat32 lrt = TFloat32.scalarOf((float) learningRate);
        TFloat32 targets = maskTargets(maskTargets, images)) {
      Session.Runner r = session.runner().feed(trainImages, x).feed(q, qt).feed(p, pt).feed(n, nt)
          .fetch(total).fetch(loss.meanQp()).fetch(loss.meanQn()).fetch(loss.meanPn());
      if (targets != null) {
        r.feed(maskTarget, targets).fetch(maskLoss).fetch(loss.value());
      }
      if (update) {
        r.feed(lr, lrt);
        updates.forEach(r::addTarget);
      }
      try (Result res = r.run()) {
        // Without a mask loss the total is the ranking loss (one op, fetched once).
        return new StepResult(scalar(res, 0), scalar(res, 1), scalar(res, 2), scalar(res, 3),
            targets != null ? scalar(res, 4) : 0f, scalar(res, targets != null ? 5 : 0));
      }
    }
  }

  /** The target tensor, or null when the graph has no mask loss; checks presence and size. */
  private TFloat32 maskTargets(float[] values, int images) {
    if (maskTarget == null) {
      return null;
    }
    long[] shape = {images, modelConfig.featureHeight(), modelConfig.featureWidth(), 1};
    if (values == null) {
      throw new VprException("the model has de-attention with a mask loss, so every training batch needs mask"
          + " targets (semantic guidance), but none were given");
    }
    if (values.length != (long) images * shape[1] * shape[2]) {
      throw new IllegalArgumentException(values.length + " mask target values for " + images + " images of "
          + shape[1] + "x" + shape[2]);
    }
    return Tensors.floats(shape, values);
  }

  @Override
  public float[] describe(byte[] pixels, int count) {
    return infer(pixels, count, inferDescriptor);
  }

  /**
   * What the mining cache describes images with: the full model, or encoder and pooling only when
   * the training's {@code cacheModel} is {@code encoder-pool}.
   */
  public Describer cacheDescriber() {
    if (cacheDescriptor == inferDescriptor) {
      return this;
    }
    return new Describer() {
      @Override
      public ModelConfig config() {
        return modelConfig;
      }

      @Override
      public float[] describe(byte[] pixels, int count) {
        return infer(pixels, count, cacheDescriptor);
      }
    };
  }

  private float[] infer(byte[] pixels, int count, Operand<TFloat32> output) {
    long[] shape = {count, modelConfig.inputHeight(), modelConfig.inputWidth(), 3};
    try (TUint8 x = Tensors.bytes(shape, pixels);
        Result r = session.runner().feed(inferImages, x).fetch(output).run()) {
      return Tensors.toArray((TFloat32) r.get(0));
    }
  }

  private static float scalar(Result r, int i) {
    return ((TFloat32) r.get(i)).getFloat();
  }

  @Override
  public void close() {
    session.close();
    tfGraph.close();
  }
}
