package org.vpr4j.cli;

import org.vpr4j.VprException;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.interop.imports.ImportReport;
import org.vpr4j.interop.imports.ImportVariant;
import org.vpr4j.interop.imports.OnnxArchitecture;
import org.vpr4j.interop.imports.OnnxModelImport;

/**
 * {@code vpr4j import}: published PyTorch weights, converted to ONNX by
 * {@code weights-import/convert_to_onnx.py}, become a run folder (VPR variants, VGG16) or the
 * run's segmenter, after a parity check against ONNX Runtime.
 */
final class ImportCommand implements Command {
  @Override
  public String name() {
    return "import";
  }

  @Override
  public String summary() {
    return "import weights converted to ONNX (weights-import/) into a run folder, checked against ONNX Runtime";
  }

  @Override
  public OptionSet options() {
    return DatasetOptions.add(new OptionSet()
        .required("onnx", "FILE", "MODEL.onnx from weights-import/convert_to_onnx.py (its MODEL.onnx.json sidecar"
            + " and MODEL.onnx.reference.h5 are read when present)")
        .required("out", "DIR", "run folder to create; for the segmenter, the (run) folder that receives segmenter.onnx")
        .value("variant", "NAME", OnnxArchitecture.AUTO, "auto (from the sidecar or the weight names) or one of "
            + String.join(", ", ImportVariant.ids()))
        .value("graph", "FILE", null, "graph configuration to import into (default: graphs/<variant's row>.json)")
        .flag("no-parity", "skip the parity check")
        .value("split", "NAME", null, "check parity on images of this dataset split (with --dataset) instead of"
            + " synthetic images")
        .value("parity-images", "N", "2", "images of the ONNX Runtime vs TensorFlow check")
        .value("tolerance", "X", "1e-4", "largest difference allowed, times max(1, largest |reference value|)")
        .flag("force", "replace an existing run folder (or the folder's segmenter)"));
  }

  @Override
  public int run(Args args) {
    PlaceDataset dataset = null;
    if (args.string("split") != null) {
      if (args.flag("no-parity")) {
        throw new VprException("import: --split chooses parity images, but --no-parity skips the check");
      }
      dataset = DatasetOptions.open(args, args.string("split"));
    } else if (args.given("dataset")) {
      throw new VprException("import: --dataset needs --split NAME (the split whose images check parity)");
    }
    OnnxModelImport.Request request = new OnnxModelImport.Request(args.requirePath("onnx"), args.requirePath("out"),
        args.string("variant"), args.path("graph"), !args.flag("no-parity"), args.integer("parity-images"), dataset,
        args.number("tolerance"), args.flag("force"));
    ImportReport report = OnnxModelImport.run(request);
    System.out.print(report.table());
    return 0;
  }
}
