package org.vpr4j.query;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vpr4j.eval.DescriptorFileWriter;
import org.vpr4j.io.RunFolder;

/**
 * Writes an index of many random unit descriptors directly (no images to describe), recorded as
 * made by checkpoint {@code init} of a run, so {@code query search} accepts it with that run.
 */
public final class LargeIndex {
  private LargeIndex() {}

  public static void write(Path file, RunFolder run, int rows, int dim, long seed) throws Exception {
    Path descriptors = IndexFile.descriptorFileFor(file);
    SplittableRandom r = new SplittableRandom(seed);
    int block = 1024;
    DescriptorFileWriter.write(descriptors, dim, out -> {
      float[] buf = new float[block * dim];
      for (int r0 = 0; r0 < rows; r0 += block) {
        int rn = Math.min(block, rows - r0);
        for (int i = 0; i < rn; i++) {
          double norm = 0;
          for (int j = 0; j < dim; j++) {
            float v = (float) (r.nextDouble() - 0.5);
            buf[i * dim + j] = v;
            norm += v * v;
          }
          float inv = (float) (1 / Math.sqrt(norm));
          for (int j = 0; j < dim; j++) {
            buf[i * dim + j] *= inv;
          }
        }
        out.append(buf, 0, rn);
      }
    });
    List<Path> images = new ArrayList<>(rows);
    double[][] utm = new double[rows][];
    for (int i = 0; i < rows; i++) {
      images.add(Path.of("db", i + ".jpg"));
      utm[i] = new double[] {Double.NaN, Double.NaN};
    }
    IndexFile.write(file, ModelProvenance.of(run, org.vpr4j.config.GraphConfig.of(run), "init"), new ImageSet("random", images, utm, 25),
        descriptors, 0);
  }
}
