package org.vpr4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.data.ImageDecoder;
import org.vpr4j.data.ImageEncoder;
import org.vpr4j.data.ImageResizer;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.pca.Pca;
import org.vpr4j.interop.SavedModelExporter;
import org.vpr4j.io.CheckpointChoice;
import org.vpr4j.io.FileDigest;
import org.vpr4j.io.RunFolder;
import org.vpr4j.io.WeightsFile;
import org.vpr4j.model.InferenceConvolutions;
import org.vpr4j.model.SessionConfig;

/** {@code vpr4j export}: a run's model as a TensorFlow SavedModel for serving, verified after writing. */
final class ExportCommand implements Command {
  @Override
  public String name() {
    return "export";
  }

  @Override
  public String summary() {
    return "export a run's model as a SavedModel (raw-image and encoded-image signatures), verified on reload";
  }

  @Override
  public OptionSet options() {
    return PcaOptions.add(DatasetOptions.add(new OptionSet()
        .required("run", "DIR", "run folder")
        .value("ckpt", "NAME", "best", "checkpoint to export (best falls back to latest, imported, init)")
        .required("out", "DIR", "SavedModel folder to write")
        .value("split", "NAME", "synthcity_test", "split whose first query images check the export")
        .value("check-images", "N", "4", "images used for the parity check")
        .flag("force", "replace an existing export folder")));
  }

  @Override
  public int run(Args args) throws Exception {
    RunFolder run = RunFolder.open(args.requirePath("run"));
    GraphConfig graph = GraphConfig.of(run);
    String ckpt = CheckpointChoice.resolve(run, args.string("ckpt"));
    Path out = args.requirePath("out");
    if (Files.exists(out) && !args.flag("force")) {
      throw new VprException("export folder " + out + " exists; pass --force to replace it");
    }
    WeightsFile.Contents weights = run.readCheckpoint(ckpt);
    PlaceDataset ds = DatasetOptions.open(args, args.string("split"));
    List<Path> images = ds.queryImages().subList(0, Math.min(args.integer("check-images"), ds.numQ()));
    if (images.isEmpty()) {
      throw new VprException("export: " + ds.name() + " has no query images for the parity check");
    }
    byte[] pixels = ImageBatches.loadAll(images, graph.model().inputWidth(), graph.model().inputHeight());
    // The encoded-image check sends the first image already at the model's size, so it checks
    // decoding and the graph exactly; the in-graph resize is tested against Pillow separately.
    byte[] firstPng = ImageEncoder.png(ImageResizer.bicubic(ImageDecoder.read(images.get(0)),
        graph.model().inputWidth(), graph.model().inputHeight()));
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("run", run.root().toAbsolutePath().toString());
    provenance.put("checkpoint", ckpt);
    // Lets descriptors made from the export be matched with those made from the run folder (spark extract).
    provenance.put("checkpointSha256", FileDigest.sha256(run.checkpoint(ckpt)));
    provenance.put("graph", graph.name());
    Pca pca = PcaOptions.resolve(args, run, ckpt);
    SavedModelExporter.Report r = SavedModelExporter.export(graph, weights.tensors(), pca, out, provenance, pixels,
        images.size(), firstPng, InferenceConvolutions.plan(SessionConfig.Precision.FP32));
    System.out.printf("SavedModel written to %s (tag serve, signatures %s and %s); reload check on %d images:"
        + " max |diff| %.2g (images), %.2g (encoded)%n", out, SavedModelExporter.DEFAULT_SIGNATURE,
        SavedModelExporter.ENCODED_SIGNATURE, r.checkedImages(), r.maxAbsDiffRaw(), r.maxAbsDiffEncoded());
    if (pca != null) {
      System.out.printf("with %s (%s, %d-D) beside descriptor; reload check max |diff| %.2g%n",
          SavedModelExporter.PCA_OUTPUT, pca.label(), pca.dim(), r.maxAbsDiffPca());
    }
    return 0;
  }
}
