package org.vpr4j.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.config.Backbone;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.config.Pooling;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.data.UtmFolderDatasets;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.model.Describer;

/** Top-k search against an index, checked against brute force, and the correctness marks. */
class QuerySearchTest {
  @TempDir static Path dir;
  static PlaceDataset ds;
  static PlaceIndex index;

  @BeforeAll
  static void build() throws Exception {
    TinyData.utmFolders(dir.resolve("data"), "tiny", 5, 11);
    ds = UtmFolderDatasets.open(dir.resolve("data"), "tiny");
    ModelProvenance p = new ModelProvenance("grid", "{}", "/nowhere", "init", "0", "now");
    index = IndexBuilder.build(new GridDescriber(), p, ImageSet.databaseOf(ds), dir.resolve("i.h5"), 4, 1 << 20);
  }

  @Test
  void topKEqualsBruteForce() {
    int k = 4;
    QueryResults r = QuerySearch.search(index, new GridDescriber(), ImageSet.queriesOf(ds), k, 2, dir);
    float[] db = IndexFileTest.describeAll(ds.databaseImages());
    float[] q = IndexFileTest.describeAll(ds.queryImages());
    int dim = 32;
    assertEquals(ds.numQ(), r.queries().size());
    for (int qi = 0; qi < ds.numQ(); qi++) {
      double[] d = new double[ds.numDb()];
      for (int i = 0; i < ds.numDb(); i++) {
        double s = 0;
        for (int j = 0; j < dim; j++) {
          double diff = (double) q[qi * dim + j] - db[i * dim + j];
          s += diff * diff;
        }
        d[i] = Math.sqrt(s);
      }
      Integer[] order = new Integer[ds.numDb()];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> d[i]).thenComparingInt(i -> i));
      QueryResults.Query found = r.queries().get(qi);
      assertEquals(ds.queryImages().get(qi), found.image());
      assertEquals(k, found.matches().size());
      for (int rank = 0; rank < k; rank++) {
        QueryResults.Match m = found.matches().get(rank);
        assertEquals(rank + 1, m.rank());
        assertEquals(order[rank], m.databaseIndex(), "query " + qi + " rank " + rank);
        assertEquals(ds.databaseImages().get(order[rank]), m.image());
        assertEquals(d[order[rank]], m.distance(), 1e-4);
        double metres = Math.hypot(ds.queryUtm()[qi][0] - ds.databaseUtm()[m.databaseIndex()][0],
            ds.queryUtm()[qi][1] - ds.databaseUtm()[m.databaseIndex()][1]);
        assertEquals(metres, m.metres(), 1e-9);
        // Places are 40 m apart and queries 3 m from theirs: within 25 m means the query's own place.
        assertEquals(m.databaseIndex() / 2 == qi, m.withinThreshold());
      }
    }
  }

  @Test
  void kLargerThanTheIndexReturnsEveryImage() {
    QueryResults r = QuerySearch.search(index, new GridDescriber(), ImageSet.queriesOf(ds), 50, 8, dir);
    assertEquals(ds.numDb(), r.k());
    int[] seen = r.queries().get(0).matches().stream().mapToInt(QueryResults.Match::databaseIndex).sorted().toArray();
    assertArrayEquals(java.util.stream.IntStream.range(0, ds.numDb()).toArray(), seen);
  }

  @Test
  void queriesWithoutPositionAreNotJudged() throws Exception {
    Path plain = dir.resolve("plain.png");
    java.nio.file.Files.copy(ds.queryImages().get(0), plain);
    QueryResults r = QuerySearch.search(index, new GridDescriber(), ImageSet.file(plain), 3, 1, dir);
    assertNull(r.queries().get(0).utm());
    r.queries().get(0).matches().forEach(m -> {
      assertNull(m.withinThreshold());
      assertNull(m.metres());
    });
    assertEquals(0, r.queriesWithPosition());
  }

  @Test
  void aModelOfAnotherDimensionIsRejected() {
    Describer other = new Describer() {
      @Override
      public ModelConfig config() {
        return new ModelConfig(Backbone.VGG16, 0.0625, 64, 48, Pooling.NETVLAD, 8, List.of());
      }

      @Override
      public float[] describe(byte[] pixels, int n) {
        throw new AssertionError("must not describe with a mismatched model");
      }
    };
    IndexFileTest.assertMessage("dimension 32", () -> QuerySearch.search(index, other, ImageSet.queriesOf(ds), 3, 1, dir));
  }

  @Test
  void missingQueryImagesAreNamed() {
    IndexFileTest.assertMessage("does not exist", () -> ImageSet.file(dir.resolve("nope.jpg")));
    IndexFileTest.assertMessage("holds no .jpg", () -> ImageSet.folder(java.nio.file.Files.createDirectories(
        dir.resolve("empty"))));
  }
}
