package org.vpr4j.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.vpr4j.config.Optimizer;
import org.vpr4j.config.TrainConfig;
import org.vpr4j.model.layers.ParamInit;
import org.vpr4j.model.layers.Params;

/**
 * Update ops for the trainable variables. SGD follows PyTorch exactly: the weight decay is added
 * to the gradient, then buf = momentum * buf + grad and w -= lr * buf (TF's ApplyMomentum is the
 * same recurrence). Adam uses TF's ApplyAdam with PyTorch's L2-style weight decay and PyTorch's
 * placement of epsilon. Optimizer
 * slots are {@link Params.Role#SLOT} variables, so checkpoints carry them.
 */
public final class Optimizers {
  private Optimizers() {}

  /**
   * @param grads gradients of the loss, one per variable in {@code vars}
   * @param lr the learning rate, a graph input so schedules need no rebuild
   */
  public static List<Op> apply(Ops tf, Params params, List<Params.Param> vars, Output<?>[] grads,
      Operand<TFloat32> lr, TrainConfig config) {
    List<Op> ops = new ArrayList<>();
    Operand<TFloat32> decay = tf.constant((float) config.weightDecay());
    Variable<TFloat32> beta1Power = null;
    Variable<TFloat32> beta2Power = null;
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    Operand<TFloat32> epsilon = null;
    if (config.optimizer() == Optimizer.ADAM) {
      beta1Power = params.slot("optimizer.adam.beta1_power", new long[] {}, new ParamInit.Constant(beta1));
      beta2Power = params.slot("optimizer.adam.beta2_power", new long[] {}, new ParamInit.Constant(beta2));
      // PyTorch adds eps to sqrt(v) / sqrt(1 - beta2^t), TF's ApplyAdam to sqrt(v): the same update
      // needs TF's epsilon to be 1e-8 * sqrt(1 - beta2^t) (0.03e-8 in the first step, not 1e-8).
      epsilon = tf.math.mul(tf.constant(1e-8f), tf.math.sqrt(tf.math.sub(tf.constant(1f), beta2Power)));
    }
    for (int i = 0; i < vars.size(); i++) {
      Params.Param p = vars.get(i);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) grads[i];
      if (config.weightDecay() > 0) {
        g = tf.math.add(g, tf.math.mul(decay, p.variable()));
      }
      ParamInit zero = new ParamInit.Constant(0f);
      if (config.optimizer() == Optimizer.SGD) {
        Variable<TFloat32> buf = params.slot("optimizer.momentum." + p.name(), p.shape(), zero);
        ops.add(tf.train.applyMomentum(p.variable(), buf, lr, g, tf.constant((float) config.momentum())));
      } else {
        Variable<TFloat32> m = params.slot("optimizer.adam.m." + p.name(), p.shape(), zero);
        Variable<TFloat32> v = params.slot("optimizer.adam.v." + p.name(), p.shape(), zero);
        ops.add(tf.train.applyAdam(p.variable(), m, v, beta1Power, beta2Power, lr, tf.constant(beta1),
            tf.constant(beta2), epsilon, g));
      }
    }
    if (beta1Power != null) {
      // The bias-correction powers advance once per step, after every variable used them.
      Ops after = tf.withControlDependencies(ops);
      List<Op> all = new ArrayList<>(ops);
      all.add(after.assign(beta1Power, after.math.mul(beta1Power, after.constant(beta1))));
      all.add(after.assign(beta2Power, after.math.mul(beta2Power, after.constant(beta2))));
      return all;
    }
    return ops;
  }
}
