package org.vpr4j.cli;

import org.vpr4j.guidance.GridReduction;
import org.vpr4j.guidance.Guidance;

/** The options that choose the semantic guidance of de-attention, shared by cluster, train and guidance. */
final class GuidanceOptions {
  /** Images per segmenter run. */
  static final int SEGMENTER_BATCH = 8;

  private GuidanceOptions() {}

  static OptionSet add(OptionSet o) {
    return o.value("guidance", "SOURCE", Guidance.AUTO, "semantic guidance for de-attention: labels (label images"
            + " under DATASET/labels/), segmenter (--segmenter), or auto (the segmenter if given, else the labels)")
        .value("segmenter", "FILE", null, "Cityscapes segmentation model, ONNX with input 'image' [B,3,H,W]"
            + " (ImageNet-normalised) and output 'logits' [B,19,H,W]")
        .value("mask-grid", "NAME", "bicubic", "reduction of the keep-mask to the feature grid: bicubic (the"
            + " paper: align_corners, unclamped) or area (cell average, within [0,1])");
  }

  /** The guidance the options describe, with the labels looked up under {@code --dataset}. */
  static Guidance from(Args args) {
    return new Guidance(args.choice("guidance", Guidance.AUTO, Guidance.LABELS, Guidance.SEGMENTER),
        args.path("dataset"), args.path("segmenter"), GridReduction.parse(args.string("mask-grid"), "--mask-grid"),
        SEGMENTER_BATCH);
  }
}
