package org.vpr4j.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vpr4j.data.ImageDecoder;
import org.vpr4j.data.ImageResizer;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.data.RgbImage;
import org.vpr4j.data.UtmFolderDatasets;
import org.vpr4j.eval.Evaluation;
import org.vpr4j.eval.GroundTruth;
import org.vpr4j.fixtures.TinyData;

/** Report pages made without a network, from a tiny dataset and a made-up evaluation. */
final class SamplePages {
  private SamplePages() {}

  /**
   * A test page for 4 places where queries 0 and 2 find their place first and 1 and 3 do not,
   * with two made-up de-attention masks; returns the page.
   */
  static Path testPage(Path dir) throws Exception {
    PlaceDataset ds = UtmFolderDatasets.open(TinyData.utmFolders(dir.resolve("data"), "tiny", 4, 5), "tiny");
    int[][] gt = GroundTruth.withinRadius(ds.databaseUtm(), ds.queryUtm(), ds.posDistThr());
    int[][] predictions = new int[4][];
    float[][] distances = new float[4][];
    for (int q = 0; q < 4; q++) {
      int own = 2 * q;
      int other = 2 * ((q + 1) % 4);
      predictions[q] = q % 2 == 0 ? new int[] {own, other, own + 1} : new int[] {other, own, other + 1};
      distances[q] = new float[] {0.5f, 0.75f, 1.0f};
    }
    Map<Integer, Double> recalls = new LinkedHashMap<>();
    recalls.put(1, 0.5);
    recalls.put(2, 1.0);
    recalls.put(3, 1.0);
    Evaluation.Result r = new Evaluation.Result(ds.name(), ds.numDb(), ds.numQ(), 0, recalls, predictions,
        distances, gt, 1.5, 0.01, org.vpr4j.eval.EvaluationProtocol.PLAIN);
    List<MaskSamples.Sample> masks = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RgbImage img = ImageResizer.bicubic(ImageDecoder.read(ds.queryImages().get(i)), 64, 48);
      float[] mask = new float[3 * 4];
      for (int j = 0; j < mask.length; j++) {
        mask[j] = (j % 4) / 3f; // de-attends the left, keeps the right
      }
      masks.add(new MaskSamples.Sample(ds.queryImages().get(i), MaskOverlay.panels(img, 3, 4, mask), 0.5, null));
    }
    Map<String, Double> paper = new TreeMap<>(Map.of("1", 85.2, "5", 93.0));
    TestPage.Content c = new TestPage.Content("tiny", "a made-up evaluation", "best", ds, r, paper, masks);
    return TestPage.write(dir.resolve("reports"), "test-" + ds.name() + "-best", c);
  }
}
