package org.vpr4j.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.eval.pca.Pca;

/**
 * The extract job: the listing is cut into contiguous partitions (a fixed number, recorded in the
 * output's plan), each partition is one task writing one Parquet file, and the driver finally
 * writes {@code _vpr4j-extract.json}, which marks the output complete. An output folder holding
 * the plan of the same images and model but no completion marker is an interrupted run of this
 * job: only the partitions without a file are run again. With a PCA (the run's, chosen as
 * {@code query index} chooses it) the rows also get {@code pca_descriptor}.
 *
 * <p>The engine asked for (tf, ort or auto) is part of the plan, as the precision is: the two
 * engines agree within 1e-5, not bit for bit, so an unfinished output is resumed on the engine
 * that began it or not at all. The completion record counts the partitions each engine described
 * ({@code enginesUsed}), as auto may resolve differently on different executors.
 */
public final class ExtractJob {
  static final String PLAN = "_vpr4j-plan.json";
  static final String DONE = "_vpr4j-extract.json";
  static final String SKIPPED = "_skipped.txt";
  /** Images per partition when the user gives no partition count. */
  static final int DEFAULT_IMAGES_PER_PARTITION = 1024;
  private static final Logger LOG = LogManager.getLogger(ExtractJob.class);

  /**
   * How the job went; {@code pcaDim} is 0 without a PCA; {@code enginesUsed}: partitions per
   * engine that described them (tf, ort); {@code bf16SelfChecks}: what each executor's bf16
   * self-check measured (empty in fp32).
   */
  public record Summary(int partitions, int partitionsRun, long described, List<String> skipped, int dim, int pcaDim,
      Map<String, Integer> enginesUsed, List<String> bf16SelfChecks, double seconds) {
    /** {@code ort}, or with several engines {@code ort (2) and tf (1)} (partitions each). */
    public String engines() {
      return enginesUsed.size() == 1 ? enginesUsed.keySet().iterator().next()
          : enginesUsed.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
              .collect(java.util.stream.Collectors.joining(" and "));
    }
  }

  private ExtractJob() {}

  /** @param pca applied to every descriptor into {@code pca_descriptor}, or null for none */
  public static Summary run(SparkSession spark, List<ImageRow> rows, ExtractModel model, Pca pca, String out, int partitions, int batchSize, boolean skipUnreadable, boolean overwrite) {
    if (rows.isEmpty()) {
      throw new VprException("there are no images to describe");
    }
    if (batchSize < 1) {
      throw new VprException("--batch-size must be at least 1, got " + batchSize);
    }
    long t0 = System.nanoTime();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    int parts = partitions > 0 ? Math.min(partitions, rows.size())
        : Math.min(rows.size(), Math.max(sc.defaultParallelism(), ceilDiv(rows.size(), DEFAULT_IMAGES_PER_PARTITION)));

    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("job", "extract");
    plan.put("images", rows.size());
    plan.put("listingSha256", Listing.fingerprint(rows));
    plan.put("partitions", parts);
    plan.put("model", model.name());
    plan.put("modelForm", model.form());
    plan.put("checkpoint", model.checkpoint());
    plan.put("checkpointSha256", model.checkpointSha256());
    plan.put("precision", model.precision().label());
    plan.put("engine", model.engine().label());
    plan.put("descriptorDim", model.descriptorDim());
    plan.put("pca", pca == null ? null : pca.label());
    plan.put("pcaOrigin", pca == null ? null : new TreeMap<>(pca.origin()));
    plan.put("batchSize", batchSize);
    plan.put("onUnreadable", skipUnreadable ? "skip" : "fail");
    Path outPath = HadoopFiles.path(out);
    prepare(outPath, json(plan), overwrite, conf);

    List<ExtractPart> todo = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) p * rows.size() / parts);
      int to = (int) ((long) (p + 1) * rows.size() / parts);
      if (!HadoopFiles.exists(new Path(outPath, ExtractPart.fileName(p)), conf)) {
        todo.add(new ExtractPart(p, List.copyOf(rows.subList(from, to))));
      }
    }
    LOG.info("extract into {}: {} images in {} partitions, {} to run, engine {}", out, rows.size(), parts, todo.size(),
        model.engine().label());
    List<String> selfChecks = new ArrayList<>();
    List<ExtractPart.Done> finished = List.of();
    if (!todo.isEmpty()) {
      Broadcast<Pca> sharedPca = pca == null ? null : sc.broadcast(pca);
      ExtractSettings settings = new ExtractSettings(outPath.toString(), model.ship(sc), batchSize, skipUnreadable,
          new SerializableWritable<>(conf), sharedPca);
      sc.setJobDescription("vpr4j extract: " + todo.size() + " partitions of " + rows.size() + " images");
      finished = JobFailures.unwrap(() -> sc.parallelize(todo, todo.size())
          .map(part -> part.run(settings)).collect());
      finished.stream().map(ExtractPart.Done::selfCheck).filter(c -> c != null).distinct().forEach(selfChecks::add);
      LOG.info(String.format(java.util.Locale.ROOT, "task seconds, summed over %d partitions: %.1f loading the model"
          + " and describing, %.1f writing Parquet", finished.size(),
          finished.stream().mapToDouble(ExtractPart.Done::describeSeconds).sum(),
          finished.stream().mapToDouble(ExtractPart.Done::writeSeconds).sum()));
    }
    int leftovers = HadoopFiles.removeLeftovers(outPath, conf);
    if (leftovers > 0) {
      LOG.info("removed {} temporary files of task attempts that did not finish", leftovers);
    }

    List<String> skipped = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      Path f = ExtractPart.skippedFile(outPath, p);
      if (HadoopFiles.exists(f, conf)) {
        HadoopFiles.readString(f, conf).lines().forEach(skipped::add);
      }
    }
    Map<String, Integer> engines = enginesUsed(finished, parts, outPath, conf);
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!skipped.isEmpty()) {
      HadoopFiles.writeString(new Path(outPath, SKIPPED), String.join("\n", skipped) + "\n", conf);
    }
    Map<String, Object> done = new LinkedHashMap<>(plan);
    done.put("described", rows.size() - skipped.size());
    done.put("skipped", skipped.size());
    done.put("modelOrigin", model.origin());
    done.put("enginesUsed", engines);
    if (!selfChecks.isEmpty()) {
      done.put("bf16SelfChecks", selfChecks);
    }
    done.put("seconds", seconds);
    done.put("partitionsRun", todo.size());
    HadoopFiles.writeString(new Path(outPath, DONE), json(done), conf);
    Summary summary = new Summary(parts, todo.size(), rows.size() - skipped.size(), skipped, model.descriptorDim(),
        pca == null ? 0 : pca.dim(), engines, selfChecks, seconds);
    LOG.info("extract into {} complete: {} images described on {} (--engine {})", out, summary.described(),
        summary.engines(), model.engine().label());
    return summary;
  }

  /**
   * Partitions per engine that described them: as this run's tasks report it, and for the
   * partitions kept from an interrupted run, as their files record it.
   */
  private static Map<String, Integer> enginesUsed(List<ExtractPart.Done> finished, int parts, Path out,
      Configuration conf) {
    Map<String, Integer> count = new TreeMap<>();
    Set<Integer> ran = new HashSet<>();
    for (ExtractPart.Done d : finished) {
      ran.add(d.id());
      count.merge(d.engine(), 1, Integer::sum);
    }
    for (int p = 0; p < parts; p++) {
      if (!ran.contains(p)) {
        Path file = new Path(out, ExtractPart.fileName(p));
        try {
          count.merge(DescriptorParquet.engine(file, conf), 1, Integer::sum);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
      }
    }
    return count;
  }

  /**
   * Makes {@code out} ready: a new folder gets the plan; an interrupted run of the same plan is
   * resumed; anything else (a complete extract, another plan, other files) is refused unless
   * {@code overwrite}, which deletes it first.
   */
  private static void prepare(Path out, String plan, boolean overwrite, Configuration conf) {
    if (HadoopFiles.exists(out, conf)) {
      Path planFile = new Path(out, PLAN);
      boolean complete = HadoopFiles.exists(new Path(out, DONE), conf);
      boolean samePlan = HadoopFiles.exists(planFile, conf) && HadoopFiles.readString(planFile, conf).equals(plan);
      if (overwrite) {
        HadoopFiles.deleteRecursively(out, conf);
      } else if (complete) {
        throw new VprException("output " + out + " already holds a complete extract; choose another --out or add"
            + " --overwrite");
      } else if (!samePlan) {
        throw new VprException("output " + out + " already exists and is not an unfinished extract of the same images"
            + " with the same model and options" + differences(planFile, plan, conf) + "; choose another --out or add"
            + " --overwrite");
      } else {
        LOG.info("resuming the unfinished extract in {}", out);
        return;
      }
    }
    HadoopFiles.writeString(new Path(out, PLAN), plan, conf);
  }

  /**
   * What differs between the plan in {@code planFile} and {@code plan}, as
   * {@code " (engine: ort there, tf here)"}, or nothing when there is no plan file to compare.
   */
  private static String differences(Path planFile, String plan, Configuration conf) {
    if (!HadoopFiles.exists(planFile, conf)) {
      return "";
    }
    try {
      JsonNode there = GraphConfig.json().readTree(HadoopFiles.readString(planFile, conf));
      JsonNode here = GraphConfig.json().readTree(plan);
      List<String> differ = new ArrayList<>();
      here.fieldNames().forEachRemaining(f -> {
        if (!here.get(f).equals(there.get(f))) {
          differ.add(f + ": " + text(there.get(f)) + " there, " + text(here.get(f)) + " here");
        }
      });
      return differ.isEmpty() ? "" : " (" + String.join("; ", differ) + ")";
    } catch (IOException e) {
      return ""; // an unreadable plan is refused all the same; the message just cannot say how it differs
    }
  }

  private static String text(JsonNode value) {
    return value == null ? "none" : value.isValueNode() ? value.asText() : value.toString();
  }

  static String json(Map<String, Object> doc) {
    try {
      return GraphConfig.json().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The completion record of an extract output, refusing an incomplete or foreign folder. */
  static JsonNode completed(String out, Configuration conf) {
    Path p = new Path(HadoopFiles.path(out), DONE);
    if (!HadoopFiles.exists(p, conf)) {
      throw new VprException(out + " is not a complete 'vpr4j spark extract' output (no " + DONE + ")");
    }
    try {
      return GraphConfig.json().readTree(HadoopFiles.readString(p, conf));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
