package org.vpr4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.vpr4j.VprException;
import org.vpr4j.data.ImageBatches;
import org.vpr4j.eval.DescriptorExtraction;
import org.vpr4j.eval.pca.PcaProjection;
import org.vpr4j.model.Describer;

/**
 * One partition of an extract, run by a task: a contiguous run of the listing, described in
 * batches by the executor's model with the loop {@code query index} uses, then written as one
 * Parquet file ({@code part-NNNNN.parquet}) that appears by rename only when complete. With a
 * PCA, each batch's descriptors also go through {@link PcaProjection}, as {@code query index}'s
 * {@code ProjectedDescriber} sends them. Its rows
 * and their order depend only on the partition's images, so a retried or re-run partition writes
 * the same file (on the same engine: tf and ort agree within 1e-5, not bit for bit, and the file
 * names its engine); a partition whose file exists is complete.
 *
 * @param id the partition number
 * @param rows its images, in listing order
 */
record ExtractPart(int id, List<ImageRow> rows) implements Serializable {
  static final String SKIPPED_FOLDER = "_skipped";

  /**
   * What a finished partition reports to the driver: its counts, the engine that described it
   * (tf or ort), what its executor's bf16 self-check measured (null in fp32), and its seconds
   * describing and writing.
   */
  record Done(int id, int described, List<String> skipped, String engine, String selfCheck, double describeSeconds,
      double writeSeconds) implements Serializable {}

  static String fileName(int id) {
    return String.format(Locale.ROOT, "part-%05d.parquet", id);
  }

  static Path skippedFile(Path out, int id) {
    return new Path(new Path(out, SKIPPED_FOLDER), String.format(Locale.ROOT, "part-%05d.txt", id));
  }

  Done run(ExtractSettings s) {
    long t0 = System.nanoTime();
    Configuration conf = s.hadoop().value();
    Path out = HadoopFiles.path(s.out());
    Describer model = s.model().describer(s.batchSize());
    String engine = s.model().engineUsed().label();
    int dim = model.config().descriptorDim();
    try (PcaProjection pca = s.pca() == null ? null : new PcaProjection(s.pca().value());
        LocalImages local = LocalImages.fetch(rows, conf)) {
      List<java.nio.file.Path> images = local.paths();
      List<Integer> kept = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        if (images.get(i) != null) {
          kept.add(i);
        } else {
          skipped.add(rows.get(i).path() + "\tcannot be read");
        }
      }
      Described descriptors;
      try {
        descriptors = describe(model, pca, kept, images, s.batchSize());
      } catch (VprException unreadable) {
        if (!s.skipUnreadable()) {
          throw unreadable;
        }
        // Find the unreadable images one by one, then describe the rest as one run of batches.
        for (int i : List.copyOf(kept)) {
          try {
            ImageBatches.loadAll(List.of(images.get(i)), model.config().inputWidth(), model.config().inputHeight());
          } catch (VprException e) {
            kept.remove(Integer.valueOf(i));
            skipped.add(rows.get(i).path() + "\t" + e.getMessage());
          }
        }
        descriptors = describe(model, pca, kept, images, s.batchSize());
      }
      if (!skipped.isEmpty() && !s.skipUnreadable()) {
        throw new VprException("image " + skipped.get(0).replace('\t', ':') + " (--on-unreadable skip leaves such"
            + " images out and lists them in " + SKIPPED_FOLDER + "/)");
      }
      List<ImageRow> described = kept.stream().map(rows::get).toList();
      FileSystem fs = HadoopFiles.fs(out, conf);
      Path skippedFile = skippedFile(out, id);
      if (!skipped.isEmpty()) {
        HadoopFiles.writeString(skippedFile, String.join("\n", skipped) + "\n", conf);
      } else if (fs.exists(skippedFile)) {
        fs.delete(skippedFile, false);
      }
      long t1 = System.nanoTime();
      Path target = new Path(out, fileName(id));
      Path tmp = HadoopFiles.hiddenSibling(target);
      DescriptorParquet.write(tmp, described, descriptors.full(), dim, descriptors.projected(),
          pca == null ? 0 : pca.pca().dim(), engine, conf);
      HadoopFiles.commit(fs, tmp, target);
      return new Done(id, described.size(), skipped, engine, s.model().selfCheck(), (t1 - t0) / 1e9,
          (System.nanoTime() - t1) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException("extract partition " + id + " into " + s.out() + ": " + e.getMessage(), e);
    }
  }

  /** The descriptors of the kept images, {@code [kept, dim]}, and their PCA projections (null without a PCA). */
  private record Described(float[] full, float[] projected) {}

  private Described describe(Describer model, PcaProjection pca, List<Integer> kept, List<java.nio.file.Path> images,
      int batchSize) {
    int dim = model.config().descriptorDim();
    float[] full = new float[kept.size() * dim];
    int pcaDim = pca == null ? 0 : pca.pca().dim();
    float[] projected = pca == null ? null : new float[kept.size() * pcaDim];
    if (kept.isEmpty()) {
      return new Described(full, projected);
    }
    List<java.nio.file.Path> paths = kept.stream().map(images::get).toList();
    DescriptorExtraction.each(model, paths, batchSize, "partition " + id, (b, d) -> {
      System.arraycopy(d, 0, full, b.start() * dim, d.length);
      if (pca != null) {
        float[] p = pca.apply(d, b.size());
        System.arraycopy(p, 0, projected, b.start() * pcaDim, p.length);
      }
    });
    return new Described(full, projected);
  }
}
