package org.vpr4j.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;
import org.vpr4j.data.LabelImages;
import org.vpr4j.data.TrainIdImage;
import org.vpr4j.fixtures.TinyData;

class SynthCityGeneratorTest {
  @TempDir static Path tmp;
  private static Path city;

  @BeforeAll
  static void generateOnce() {
    city = TinyData.generate(tmp.resolve("city"), TinyData.synthCity(0.5, 2));
  }

  @Test
  void sameSeedAndFlagsGiveByteIdenticalFilesWhateverTheThreadCount() throws Exception {
    Path again = TinyData.generate(tmp.resolve("again"), TinyData.synthCity(0.5, 1));
    Map<String, String> first = hashes(city);
    Map<String, String> second = hashes(again);
    assertEquals(first.keySet(), second.keySet());
    assertEquals(first, second);
  }

  @Test
  void anotherSeedGivesOtherPictures() throws Exception {
    SynthConfig c = TinyData.synthCity(0.5, 2);
    SynthConfig other = new SynthConfig(c.seed() + 1, c.placesTrain(), c.placesVal(), c.placesTest(), c.dbViews(),
        c.queriesPerPlace(), c.width(), c.height(), c.distractors(), c.jpegQuality(), c.threads());
    Map<String, String> first = hashes(city);
    Map<String, String> second = hashes(TinyData.generate(tmp.resolve("other-seed"), other));
    assertEquals(first.keySet(), second.keySet());
    assertFalse(first.get("000/000000_yaw0.jpg").equals(second.get("000/000000_yaw0.jpg")));
  }

  @Test
  void matFilesListEveryImageOnDiskWithItsLabel() throws IOException {
    Set<Path> listed = new HashSet<>();
    int places = 0;
    for (Split split : Split.values()) {
      MatSpecs.Spec spec = MatSpecs.read(city.resolve("datasets/synthcity_" + split.whichSet() + ".mat"));
      assertEquals(split.whichSet(), spec.whichSet());
      assertEquals(List.of("whichSet", "dbImageFns", "utmDb", "qImageFns", "utmQ", "numImages", "numQueries",
          "posDistThr", "posDistSqThr", "nonTrivPosDistSqThr"), spec.fieldOrder());
      assertEquals(25, spec.posDistThr());
      assertEquals(625, spec.posDistSqThr());
      assertEquals(100, spec.nonTrivPosDistSqThr());
      int n = TinyData.synthCity(0.5, 1).places(split);
      places += n;
      assertEquals(2 * n, spec.db().size());
      assertEquals(n, spec.q().size());
      assertEquals(spec.db().size(), spec.utmDb().length);
      assertEquals(spec.q().size(), spec.utmQ().length);
      for (String name : spec.db()) {
        listed.add(checkImageAndLabel(city.resolve(name)));
      }
      for (String name : spec.q()) {
        listed.add(checkImageAndLabel(city.resolve("queries_real").resolve(name)));
      }
    }
    assertEquals(8, places);
    Set<Path> onDisk = new HashSet<>();
    for (Path p : MatSpecs.filesUnder(city)) {
      if (p.toString().endsWith(".jpg")) {
        onDisk.add(p);
      }
    }
    assertEquals(onDisk, listed, "every JPEG on disk is listed once and every listed one exists");
    assertTrue(Files.readString(city.resolve("synthcity.json")).contains("\"seed\" : 7"));
  }

  @Test
  void splitsAreGeographicallyDisjoint() throws IOException {
    List<double[][]> points = new ArrayList<>();
    for (Split split : Split.values()) {
      MatSpecs.Spec spec = MatSpecs.read(city.resolve("datasets/synthcity_" + split.whichSet() + ".mat"));
      points.add(concat(spec.utmDb(), spec.utmQ()));
    }
    for (int a = 0; a < points.size(); a++) {
      for (int b = a + 1; b < points.size(); b++) {
        double nearest = Double.MAX_VALUE;
        for (double[] p : points.get(a)) {
          for (double[] q : points.get(b)) {
            nearest = Math.min(nearest, Math.hypot(p[0] - q[0], p[1] - q[1]));
          }
        }
        assertTrue(nearest > 1000, "splits " + a + " and " + b + " are only " + nearest + " m apart");
      }
    }
  }

  @Test
  void everyQueryHasADatabaseImageWithinTenMetres() throws IOException {
    for (Split split : Split.values()) {
      MatSpecs.Spec spec = MatSpecs.read(city.resolve("datasets/synthcity_" + split.whichSet() + ".mat"));
      for (double[] q : spec.utmQ()) {
        double nearest = Double.MAX_VALUE;
        for (double[] d : spec.utmDb()) {
          nearest = Math.min(nearest, Math.hypot(q[0] - d[0], q[1] - d[1]));
        }
        assertTrue(nearest < 10, "query at " + q[0] + "," + q[1] + " has its nearest db image " + nearest + " m away");
        assertTrue(nearest > 0.5, "a query should not stand exactly where a database image was taken");
      }
    }
  }

  @Test
  void distractorLabelsAppearOnlyWhenDensityIsPositive() throws IOException {
    Path empty = TinyData.generate(tmp.resolve("no-distractors"), TinyData.synthCity(0, 2));
    assertEquals(0, dynamicShare(empty));
    // At the default density cars and people cover a noticeable part of the views.
    assertTrue(dynamicShare(city) > 0.03, "dynamic share " + dynamicShare(city));
  }

  @Test
  void replacesAnEarlierCityOnlyWhenForced() throws IOException {
    Path earlier = TinyData.generate(tmp.resolve("earlier"), TinyData.synthCity(0, 2));
    Path marker = Files.writeString(earlier.resolve("marker.txt"), "from the earlier run");
    SynthCityGenerator generator = new SynthCityGenerator(TinyData.synthCity(0.5, 2));
    VprException e = assertThrows(VprException.class, () -> generator.generate(earlier, false, () -> { }));
    assertTrue(e.getMessage().contains(earlier.toString()) && e.getMessage().contains("--force"), e.getMessage());
    assertTrue(Files.exists(marker), "a refused run leaves the folder alone");

    generator.generate(earlier, true, () -> { });
    assertFalse(Files.exists(marker), "--force replaces the earlier city as a whole");
    assertTrue(Files.exists(earlier.resolve("datasets/synthcity_test.mat")));
  }

  @Test
  void neverReplacesAFolderThatIsNotACityEvenWhenForced() throws IOException {
    Path busy = Files.createDirectories(tmp.resolve("busy"));
    Path keep = Files.writeString(busy.resolve("notes.txt"), "mine");
    SynthCityGenerator generator = new SynthCityGenerator(TinyData.synthCity(0.5, 2));
    for (boolean force : new boolean[] {false, true}) {
      VprException e = assertThrows(VprException.class, () -> generator.generate(busy, force, () -> { }));
      assertTrue(e.getMessage().contains(busy.toString()) && e.getMessage().contains("not empty"), e.getMessage());
    }
    assertEquals("mine", Files.readString(keep));
    try (var entries = Files.list(busy)) {
      assertEquals(1, entries.count());
    }
  }

  @Test
  void anInterruptedRunLeavesNothingThatLooksLikeACity() throws IOException {
    Path parent = Files.createDirectories(tmp.resolve("interrupted"));
    Path target = parent.resolve("city");
    AtomicInteger images = new AtomicInteger();
    RuntimeException stop = new IllegalStateException("stopped after a few images");
    Runnable failLater = () -> {
      if (images.incrementAndGet() == 5) {
        throw stop;
      }
    };
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> new SynthCityGenerator(TinyData.synthCity(0.5, 2)).generate(target, false, failLater));
    assertEquals(stop, e);
    assertFalse(Files.exists(target), "no half-written city under the requested name");
    try (var left = Files.list(parent)) {
      assertEquals(List.of(), left.toList(), "the temporary folder is cleaned up");
    }
  }

  private static Path checkImageAndLabel(Path jpg) throws IOException {
    assertTrue(Files.isRegularFile(jpg), jpg + " is listed but missing");
    BufferedImage picture = ImageIO.read(jpg.toFile());
    assertNotNull(picture, jpg + " is not a readable JPEG");
    Path png = LabelImages.pathFor(city, jpg);
    TrainIdImage labels = LabelImages.read(png);
    assertEquals(picture.getWidth(), labels.width(), png.toString());
    assertEquals(picture.getHeight(), labels.height(), png.toString());
    for (byte b : labels.ids()) {
      int id = b & 0xFF;
      assertTrue(id < 19 || id == 255, png + " holds id " + id);
    }
    return jpg;
  }

  private static double dynamicShare(Path root) throws IOException {
    long dynamic = 0;
    long total = 0;
    for (Path p : MatSpecs.filesUnder(root.resolve(LabelImages.FOLDER))) {
      for (byte b : LabelImages.read(p).ids()) {
        dynamic += TrainIds.isDynamic(b & 0xFF) ? 1 : 0;
        total++;
      }
    }
    assertTrue(total > 0);
    return dynamic / (double) total;
  }

  private static double[][] concat(double[][] a, double[][] b) {
    double[][] out = new double[a.length + b.length][];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** SHA-256 of every file, by path relative to the root. */
  private static Map<String, String> hashes(Path root) throws IOException, NoSuchAlgorithmException {
    Map<String, String> out = new TreeMap<>();
    for (Path p : MatSpecs.filesUnder(root)) {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
      StringBuilder hex = new StringBuilder();
      for (byte b : digest) {
        hex.append(String.format("%02x", b));
      }
      out.put(root.relativize(p).toString().replace('\\', '/'), hex.toString());
    }
    return out;
  }
}
