package org.vpr4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.vpr4j.report.MarkdownTable;

/**
 * Renders benchmark measurements of vpr4j and its comparators as Markdown: one table per stage
 * with each engine's time relative to vpr4j's for the same case, then the project's targets with
 * the measured value and whether it was met. Stages or targets without measurements are left out.
 */
public final class BenchReport {
  /** Engines whose time the others are divided by, per stage. */
  private static final Map<String, String> BASELINE = Map.of("epoch", "vpr4j-full-refresh");
  private static final String VPR4J = "vpr4j";
  private static final String BF16 = "vpr4j-bf16";
  private static final String ORT_ENGINE = "vpr4j-ort";

  private static final Map<String, String> TITLES = new LinkedHashMap<>();

  static {
    TITLES.put("extract", "Descriptor extraction");
    TITLES.put("precision", "Reduced precision (bf16) against fp32 on a test split");
    TITLES.put("train", "One training step");
    TITLES.put("search", "Exact k-NN search");
    TITLES.put("kmeans", "k-means for the NetVLAD centroids");
    TITLES.put("epoch", "One training epoch: mining cost and recall");
  }

  private final List<BenchResult> results;

  public BenchReport(List<BenchResult> results) {
    this.results = List.copyOf(results);
  }

  /** The tables and the targets, without a page header. */
  public String render() {
    StringBuilder md = new StringBuilder();
    for (String stage : stages()) {
      md.append("### ").append(TITLES.getOrDefault(stage, stage)).append("\n\n");
      md.append(switch (stage) {
        case "precision" -> precisionTable();
        case "epoch" -> epochTable();
        default -> timingTable(stage);
      });
      md.append('\n').append(engineList(stage)).append('\n');
    }
    String targets = targets();
    if (!targets.isEmpty()) {
      md.append("### Targets\n\n").append(targets).append('\n');
    }
    return md.toString();
  }

  private List<String> stages() {
    Set<String> present = new LinkedHashSet<>();
    results.forEach(r -> present.add(r.stage()));
    List<String> ordered = new ArrayList<>();
    TITLES.keySet().stream().filter(present::contains).forEach(ordered::add);
    present.stream().filter(s -> !TITLES.containsKey(s)).forEach(ordered::add);
    return ordered;
  }

  private List<BenchResult> of(String stage) {
    return results.stream().filter(r -> r.stage().equals(stage)).toList();
  }

  private Optional<BenchResult> find(String stage, String engine, String scenario) {
    return results.stream()
        .filter(r -> r.stage().equals(stage) && r.engine().equals(engine) && r.scenario().equals(scenario))
        .reduce((a, b) -> b); // a later measurement replaces an earlier one
  }

  private static List<String> scenarios(List<BenchResult> rows) {
    Set<String> s = new LinkedHashSet<>();
    rows.forEach(r -> s.add(r.scenario()));
    return new ArrayList<>(s);
  }

  private static List<String> engines(List<BenchResult> rows) {
    Set<String> s = new LinkedHashSet<>();
    rows.forEach(r -> s.add(r.engine()));
    return new ArrayList<>(s);
  }

  private String timingTable(String stage) {
    List<BenchResult> rows = of(stage);
    String unit = rows.get(0).unit();
    String baseline = BASELINE.getOrDefault(stage, VPR4J);
    MarkdownTable t = new MarkdownTable("case", "engine", "s per run", "s per " + unit, plural(unit) + " per s",
        "time ÷ " + baseline + " time", "peak RSS MiB", "load before → after");
    for (String scenario : scenarios(rows)) {
      Optional<BenchResult> base = find(stage, baseline, scenario);
      for (String engine : engines(rows)) {
        find(stage, engine, scenario).ifPresent(r -> t.row(scenario, engine, num(r.seconds(), 3),
            num(r.secondsPerItem(), 3), num(r.itemsPerSecond(), 2),
            base.map(b -> ratio(r.seconds() / b.seconds())).orElse("–"), num(r.peakRssMib(), 0), load(r)));
      }
    }
    return t.render();
  }

  private String precisionTable() {
    MarkdownTable t = new MarkdownTable("split, weights", "NetVLAD alpha", "engine", "extraction s", "s per image",
        "recall@1", "recall@5", "recall@10", "local features: cosine to fp32 (min / mean)",
        "descriptors: cosine to fp32 (min / mean)", "same top-1 as fp32",
        "changed top-1: fp32 distance gap (max) / descriptor shift (max)", "load before → after");
    for (BenchResult r : of("precision")) {
      boolean reference = r.engine().equals(VPR4J);
      t.row(r.scenario(), num(r.extraNumber("alpha"), 0), r.engine(), num(r.seconds(), 1), num(r.secondsPerItem(), 3),
          pct(r.extraNumber("recall@1")), pct(r.extraNumber("recall@5")), pct(r.extraNumber("recall@10")),
          reference ? "–" : num(r.extraNumber("localCosineMin"), 5) + " / " + num(r.extraNumber("localCosineMean"), 5),
          reference ? "–" : num(r.extraNumber("cosineMin"), 5) + " / " + num(r.extraNumber("cosineMean"), 5),
          reference ? "–" : pct(r.extraNumber("sameTop1")),
          reference ? "–" : num(r.extraNumber("top1GapMax"), 4) + " / " + num(r.extraNumber("descriptorShiftMax"), 4),
          load(r));
    }
    return t.render();
  }

  private String epochTable() {
    List<BenchResult> rows = of("epoch");
    MarkdownTable t = new MarkdownTable("case", "mining", "images described per epoch",
        "mining s per epoch", "mining cost ÷ full refresh", "epoch s", "recall@1", "recall@5", "recall@10",
        "load before → after");
    for (String scenario : scenarios(rows)) {
      Optional<BenchResult> full = find("epoch", BASELINE.get("epoch"), scenario);
      for (String engine : engines(rows)) {
        find("epoch", engine, scenario).ifPresent(r -> {
          boolean trained = r.items() > 0;
          t.row(scenario, engine, trained ? num(r.extraNumber("miningImages"), 0) : "–",
              trained ? num(r.extraNumber("miningSeconds"), 1) : "–",
              trained ? full.map(f -> ratio(r.extraNumber("miningSeconds") / f.extraNumber("miningSeconds")))
                  .orElse("–") : "–",
              trained ? num(r.secondsPerItem(), 1) : "–",
              pct(r.extraNumber("recall@1")), pct(r.extraNumber("recall@5")), pct(r.extraNumber("recall@10")),
              load(r));
        });
      }
    }
    return t.render();
  }

  /** One line per engine of a stage saying exactly what it ran. */
  private String engineList(String stage) {
    Map<String, String> labels = new LinkedHashMap<>();
    of(stage).forEach(r -> labels.putIfAbsent(r.engine(), r.label()));
    StringBuilder sb = new StringBuilder();
    labels.forEach((engine, label) -> sb.append("- `").append(engine).append("`: ").append(label).append('\n'));
    return sb.toString();
  }

  // ------------------------------------------------------------------ targets

  /** One checked target: what was promised, what was measured, whether it holds. */
  private record Target(String goal, String measured, boolean met) {}

  private String targets() {
    List<Target> list = new ArrayList<>();
    String batch4 = "batch 4";
    find("extract", VPR4J, batch4).ifPresent(v -> {
      list.add(new Target("extraction, full model, batch 4: at most 0.55 s per image",
          num(v.secondsPerItem(), 3) + " s per image", v.secondsPerItem() <= 0.55));
      find("extract", "onnxruntime", batch4).ifPresent(o -> list.add(new Target(
          "extraction at batch 4 at least 10% ahead of ONNX Runtime (its time ÷ ours ≥ 1.10)",
          ratio(o.seconds() / v.seconds()), o.seconds() / v.seconds() >= 1.10)));
      find("extract", BF16, batch4).ifPresent(b -> list.add(new Target(
          "bf16 at least 2x faster than fp32 (batch 4)", ratio(v.seconds() / b.seconds()) + " faster",
          v.seconds() / b.seconds() >= 2)));
    });
    of("extract").stream().filter(r -> r.engine().equals(ORT_ENGINE)).forEach(v ->
        find("extract", "onnxruntime", v.scenario()).ifPresent(o -> list.add(new Target(
            "vpr4j --engine ort at least as fast as ONNX Runtime Java on the PyTorch export, " + v.scenario()
                + " (its time ÷ ours ≥ 1.00)", ratio(o.seconds() / v.seconds()), o.seconds() / v.seconds() >= 1.0))));
    of("precision").stream().filter(r -> r.engine().equals(BF16)).forEach(b -> {
      double cos = b.extraNumber("cosineMin");
      list.add(new Target("bf16 descriptors: cosine to fp32 ≥ 0.999 (" + b.scenario() + ", alpha "
          + num(b.extraNumber("alpha"), 0) + ")",
          "min " + num(cos, 5), cos >= 0.999));
      find("precision", VPR4J, b.scenario()).ifPresent(f -> {
        boolean same = true;
        StringBuilder m = new StringBuilder();
        for (int n : PrecisionCheck.NS) {
          double a = f.extraNumber("recall@" + n);
          double c = b.extraNumber("recall@" + n);
          same &= Math.abs(a - c) < 1e-9;
          m.append(m.length() == 0 ? "" : ", ").append("R@").append(n).append(' ').append(pct(a)).append(" → ")
              .append(pct(c));
        }
        list.add(new Target("bf16 recall unchanged (" + b.scenario() + ")", m.toString(), same));
      });
    });
    results.stream().filter(r -> r.stage().equals("train") && r.engine().equals(VPR4J)).forEach(v ->
        find("train", "pytorch", v.scenario()).ifPresent(p -> list.add(new Target(
            "training step (" + v.scenario() + ") at least 1.5x faster than PyTorch",
            ratio(p.seconds() / v.seconds()) + " faster", p.seconds() / v.seconds() >= 1.5))));
    for (String stage : List.of("search", "kmeans")) {
      results.stream().filter(r -> r.stage().equals(stage) && r.engine().equals(VPR4J)).forEach(v ->
          find(stage, "faiss", v.scenario()).ifPresent(f -> list.add(new Target(
              stage.equals("search") ? "exact search at least 0.9x faiss speed" : "k-means at least 0.9x faiss speed",
              ratio(f.seconds() / v.seconds()) + " faiss speed", f.seconds() / v.seconds() >= 0.9))));
    }
    for (BenchResult r : of("epoch")) {
      if (r.items() == 0 || r.engine().equals(BASELINE.get("epoch"))) {
        continue;
      }
      find("epoch", BASELINE.get("epoch"), r.scenario()).ifPresent(full -> {
        double cheaper = full.extraNumber("miningSeconds") / r.extraNumber("miningSeconds");
        double fewer = full.extraNumber("miningImages") / r.extraNumber("miningImages");
        double drop = full.extraNumber("recall@5") - r.extraNumber("recall@5");
        list.add(new Target("mining (" + r.engine() + ") at least 3x cheaper per epoch than the full refresh,"
            + " recall@5 not more than 1 point lower", ratio(cheaper) + " less time (" + ratio(fewer)
            + " fewer images), recall@5 "
            + pct(full.extraNumber("recall@5")) + " → " + pct(r.extraNumber("recall@5")),
            cheaper >= 3 && drop <= 0.01 + 1e-9));
      });
    }
    if (list.isEmpty()) {
      return "";
    }
    MarkdownTable t = new MarkdownTable("target", "measured", "met");
    list.forEach(x -> t.row(x.goal(), x.measured(), x.met() ? "yes" : "**no**"));
    return t.render();
  }

  // ------------------------------------------------------------------ formatting

  static String num(double v, int decimals) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  static String ratio(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%.2fx", v);
  }

  private static String plural(String unit) {
    return unit.endsWith("y") ? unit.substring(0, unit.length() - 1) + "ies" : unit + "s";
  }

  /** A share in [0, 1] as a percentage. */
  static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String load(BenchResult r) {
    Function<Double, String> f = v -> v < 0 ? "?" : String.format(Locale.ROOT, "%.2f", v);
    return f.apply(r.loadBefore()) + " → " + f.apply(r.loadAfter());
  }
}
