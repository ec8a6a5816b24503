package org.vpr4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.vpr4j.VprException;
import org.vpr4j.bench.Bf16SelfCheck;
import org.vpr4j.bench.SearchBenchmark;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.eval.DescriptorExtraction;
import org.vpr4j.eval.ExactSearch;
import org.vpr4j.eval.InMemoryDescriptors;
import org.vpr4j.io.AtomicFiles;
import org.vpr4j.io.RunFolder;
import org.vpr4j.model.InferenceModel;
import org.vpr4j.model.SessionConfig.Precision;
import org.vpr4j.model.ort.Engine;
import org.vpr4j.query.ImageSet;

/**
 * Spark local mode against the single process, back to back in one JVM on the same input (what
 * {@code vpr4j spark bench} prints). Extraction: images per second of the extract job against the
 * loop of {@code query index} and {@code vpr4j test}, model loading included on both sides.
 * Search: the search job against {@link ExactSearch} as {@code vpr4j test} runs it, on random unit
 * vectors. Both print a Markdown table.
 */
public final class SparkBenchmark {
  private SparkBenchmark() {}

  public static void extraction(SparkSession spark, RunFolder run, String ckpt, PlaceDataset ds, int batch, Path work) {
    List<Path> images = ds.databaseImages();
    double single = time(() -> {
      try (InferenceModel model = InferenceModel.ofCheckpoint(GraphConfig.of(run).model(),
          run.readCheckpoint(ckpt).tensors(), run.checkpoint(ckpt).toString())) {
        DescriptorExtraction.extract(model, images, batch, "single process", work).close();
      }
    });
    String out = work.resolve("extract").toString();
    double sparkSeconds = time(() -> ExtractJob.run(spark, Listing.of(ImageSet.databaseOf(ds)),
        ExtractModel.ofRun(run, ckpt, Precision.FP32, Bf16SelfCheck.Policy.DEFAULT, Engine.TF), null, out, 0,
        batch, false, true));
    System.out.println("### Extraction: " + images.size() + " images of " + ds.name() + ", batch " + batch + "\n");
    System.out.println("| engine | seconds | images per s | time ÷ single process |\n|---|---|---|---|");
    row("single process (query index's loop)", single, images.size(), single);
    row("Spark local mode, " + spark.sparkContext().defaultParallelism() + " task slots", sparkSeconds,
        images.size(), single);
    System.out.println();
  }

  public static void search(SparkSession spark, int nb, int nq, int dim, int k, Path work) {
    float[] db = SearchBenchmark.unitRows(nb, dim, 1);
    float[] q = SearchBenchmark.unitRows(nq, dim, 2);
    double single = time(() -> {
      try (ExactSearch s = new ExactSearch()) {
        s.search(new InMemoryDescriptors(nq, dim, q), new InMemoryDescriptors(nb, dim, db), k);
      }
    });
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String dbOut = writeExtract(work.resolve("search-db"), db, nb, dim, spark.sparkContext().defaultParallelism(), conf);
    String qOut = writeExtract(work.resolve("search-q"), q, nq, dim, 1, conf);
    double sparkSeconds = time(() -> SearchJob.run(spark, qOut, dbOut, DescriptorParquet.DESCRIPTOR, k, 1024, null,
        work.resolve("search-out").toString(), true));
    System.out.printf(Locale.ROOT, "### Exact search: %d x %d database, %d queries, k=%d%n%n", nb, dim, nq, k);
    System.out.println("| engine | seconds | queries per s | time ÷ single process |\n|---|---|---|---|");
    row("single process (vpr4j test's ExactSearch)", single, nq, single);
    row("Spark local mode (search job, Parquet in and out)", sparkSeconds, nq, single);
    System.out.println();
  }

  /** Random vectors as an extract output ({@code parts} Parquet files and the completion record). */
  private static String writeExtract(Path folder, float[] data, int rows, int dim, int parts, Configuration conf) {
    try {
      if (Files.exists(folder)) {
        AtomicFiles.deleteRecursively(folder);
      }
      Files.createDirectories(folder);
      org.apache.hadoop.fs.Path out = HadoopFiles.path(folder.toString());
      for (int p = 0; p < parts; p++) {
        int from = (int) ((long) p * rows / parts);
        int to = (int) ((long) (p + 1) * rows / parts);
        List<ImageRow> part = new ArrayList<>();
        for (int i = from; i < to; i++) {
          part.add(new ImageRow(i, "random-" + i, Double.NaN, Double.NaN));
        }
        float[] slice = java.util.Arrays.copyOfRange(data, from * dim, to * dim);
        DescriptorParquet.write(new org.apache.hadoop.fs.Path(out, ExtractPart.fileName(p)), part, slice, dim, null, 0,
            null, conf);
      }
      Map<String, Object> done = new LinkedHashMap<>();
      done.put("model", "random");
      done.put("checkpoint", "none");
      done.put("checkpointSha256", "random unit vectors");
      done.put("seconds", 0.0);
      HadoopFiles.writeString(new org.apache.hadoop.fs.Path(out, ExtractJob.DONE), ExtractJob.json(done), conf);
      return folder.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder + ": " + e.getMessage(), e);
    }
  }

  private static void row(String engine, double seconds, int items, double reference) {
    System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2fx |%n", engine, seconds, items / seconds,
        seconds / reference);
  }

  private interface Work {
    void run() throws Exception;
  }

  private static double time(Work w) {
    long t0 = System.nanoTime();
    try {
      w.run();
    } catch (VprException | UncheckedIOException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return (System.nanoTime() - t0) / 1e9;
  }
}
