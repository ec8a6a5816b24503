package org.vpr4j.onnx;

/**
 * Input and output names that {@code weights-import/convert_to_onnx.py} gives the graphs it
 * exports; Java code opening those files refers to them through these constants.
 */
public final class OnnxNames {
  /** ImageNet-normalised RGB, float32 [B, 3, H, W] (see {@link ImagenetInput}). */
  public static final String IMAGE = "image";
  /** The place descriptor of a VPR model, [B, D]. */
  public static final String DESCRIPTOR = "descriptor";
  /** The attention or de-attention mask of a VPR model, when it has one, [B, 1, h, w]. */
  public static final String MASK = "mask";
  /** The segmenter's class scores over the 19 Cityscapes train ids, [B, 19, H, W]. */
  public static final String LOGITS = "logits";
  /** The encoder output of a plain VGG16 trunk (conv5_3 before its ReLU), [B, 512, H/16, W/16]. */
  public static final String FEATURES = "features";

  private OnnxNames() {}
}
