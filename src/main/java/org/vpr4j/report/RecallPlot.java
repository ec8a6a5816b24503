package org.vpr4j.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The recall@N curve of one or more models as a PNG image drawn with XChart: N on the x axis,
 * recall in percent on the y axis, one line per model. Curves with a name starting "paper" are
 * drawn dashed so measured and published numbers are told apart at a glance.
 */
public final class RecallPlot {
  private final String title;
  private final Map<String, SortedMap<Integer, Double>> curves = new LinkedHashMap<>();

  public RecallPlot(String title) {
    this.title = title;
  }

  /**
   * Adds one curve: recall in percent for each N. Names must be unique (XChart keys series by
   * name).
   *
   * @throws IllegalArgumentException if the name is taken or the curve is empty
   */
  public RecallPlot curve(String name, SortedMap<Integer, Double> recallPercentByN) {
    if (recallPercentByN.isEmpty()) {
      throw new IllegalArgumentException("curve '" + name + "' has no points");
    }
    if (curves.putIfAbsent(name, recallPercentByN) != null) {
      throw new IllegalArgumentException("two curves are named '" + name + "'");
    }
    return this;
  }

  /** Number of curves added so far. */
  public int size() {
    return curves.size();
  }

  /** Renders the chart at {@code width} x {@code height} pixels and returns the PNG bytes. */
  public byte[] png(int width, int height) {
    if (curves.isEmpty()) {
      throw new IllegalStateException("a recall plot needs at least one curve");
    }
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
        .xAxisTitle("N (number of top database candidates)").yAxisTitle("Recall@N (%)").build();
    XYStyler styler = chart.getStyler();
    styler.setYAxisMin(0.0).setYAxisMax(100.0);
    styler.setLegendPosition(Styler.LegendPosition.InsideSE);
    styler.setChartBackgroundColor(java.awt.Color.WHITE);
    styler.setMarkerSize(6);
    for (Map.Entry<String, SortedMap<Integer, Double>> e : curves.entrySet()) {
      double[] x = e.getValue().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
      double[] y = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
      XYSeries s = chart.addSeries(e.getKey(), x, y);
      s.setMarker(SeriesMarkers.CIRCLE);
      if (e.getKey().startsWith("paper")) {
        s.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f));
      }
    }
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the recall plot '" + title + "': " + e.getMessage(), e);
    }
  }
}
