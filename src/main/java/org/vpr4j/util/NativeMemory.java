package org.vpr4j.util;

/**
 * JavaCPP (under TensorFlow Java) refuses to allocate a tensor once the process's resident memory
 * exceeds four times the Java heap. TensorFlow's own memory (weights, activations, the library)
 * counts too, so with a small {@code -Xmx} (reasonable here: descriptor caches spill to disk) a
 * run fails with "Physical memory usage is too high" although the machine has memory to spare.
 */
public final class NativeMemory {
  private NativeMemory() {}

  /**
   * Lifts JavaCPP's limit unless the user set it; must run before JavaCPP loads (the command
   * line's start, a Spark executor's first model).
   */
  public static void unlimit() {
    if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null
        && System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
      System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
    }
  }
}
