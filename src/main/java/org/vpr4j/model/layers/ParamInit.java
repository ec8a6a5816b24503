package org.vpr4j.model.layers;

import java.util.Random;

/**
 * How a parameter gets its first value. Values are drawn in Java from a generator seeded by
 * (model seed, parameter name), so a seed reproduces the same weights whatever the order in
 * which the graph was built.
 */
public sealed interface ParamInit {

  float[] values(long[] shape, long seed, String name);

  /** Every element equals {@code value}. */
  record Constant(float value) implements ParamInit {
    @Override
    public float[] values(long[] shape, long seed, String name) {
      float[] v = new float[size(shape)];
      java.util.Arrays.fill(v, value);
      return v;
    }
  }

  /** Normal(0, std): torchvision VGG uses std = sqrt(2 / fan_out) for convs. */
  record Normal(double std) implements ParamInit {
    @Override
    public float[] values(long[] shape, long seed, String name) {
      Random r = generator(seed, name);
      float[] v = new float[size(shape)];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextGaussian() * std);
      }
      return v;
    }
  }

  /** Uniform(-bound, bound): PyTorch's default for conv and linear layers is 1/sqrt(fan_in). */
  record Uniform(double bound) implements ParamInit {
    @Override
    public float[] values(long[] shape, long seed, String name) {
      Random r = generator(seed, name);
      float[] v = new float[size(shape)];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
      }
      return v;
    }
  }

  /** Kaiming normal with mode fan_out for ReLU, as torchvision initialises VGG convs. */
  static ParamInit kaimingFanOut(int kernelArea, int outChannels) {
    return new Normal(Math.sqrt(2.0 / (kernelArea * (double) outChannels)));
  }

  /** PyTorch's default for {@code nn.Conv2d}/{@code nn.Linear} weights and biases. */
  static ParamInit torchDefault(int fanIn) {
    return new Uniform(1.0 / Math.sqrt(fanIn));
  }

  static int size(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("parameter too large: " + java.util.Arrays.toString(shape));
    }
    return (int) n;
  }

  private static Random generator(long seed, String name) {
    // Mix the name into the seed so parameters are independent of creation order.
    long h = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < name.length(); i++) {
      h = (h ^ name.charAt(i)) * 0x100000001B3L;
    }
    return new Random(h);
  }
}
