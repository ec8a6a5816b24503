package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vpr4j.VprException;
import org.vpr4j.cli.Main;
import org.vpr4j.config.GraphConfig;
import org.vpr4j.data.DbStruct;
import org.vpr4j.data.DbStructReader;
import org.vpr4j.data.LabelImages;
import org.vpr4j.data.NetVladDatasets;
import org.vpr4j.data.PlaceDataset;
import org.vpr4j.data.UtmFolderDatasets;
import org.vpr4j.fixtures.CapturedRun;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.fixtures.TinyRuns;
import org.vpr4j.io.RunFolder;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;

/**
 * Bad input through the command line: every case ends with exit code 2 and a message that names the
 * file or option and what is wrong, and nothing partial is written (no report, no run folder, no
 * checkpoint, no spill file). Transposed UTM arrays are accepted and read correctly.
 */
class BadInputTest {
  private static final String CASE = "tiny_case";

  @TempDir static Path dir;
  static Path data;
  static Path graph;
  /** A run folder fresh from cluster, which tests copy and never change. */
  static Path run;
  /** A copy of it that the {@code test} commands write their reports into. */
  static Path tested;

  @BeforeAll
  static void runFolder() throws Exception {
    data = TinyRuns.dataset(dir.resolve("data"), 12);
    graph = TinyRuns.graph(dir.resolve("tiny.json"), "\"epochs\":1");
    run = TinyRuns.cluster(graph, data, dir.resolve("run"));
    tested = TinyRuns.copy(run, dir.resolve("tested"));
  }

  // ---- images ----

  /** Ways an image file can be broken, with the words the error must use. */
  enum ImageFault {
    TRUNCATED_JPEG("damaged image"),
    CORRUPT_JPEG("truncated or corrupt"),
    TRUNCATED_PNG("truncated or corrupt"),
    CORRUPT_PNG("truncated or corrupt"),
    EMPTY("empty (0 bytes)");

    final String words;

    ImageFault(String words) {
      this.words = words;
    }

    byte[] bytes() throws Exception {
      byte[] jpeg = encoded("jpg");
      byte[] png = encoded("png");
      return switch (this) {
        case TRUNCATED_JPEG -> Arrays.copyOf(jpeg, jpeg.length / 2);
        case CORRUPT_JPEG -> garbageAfter(jpeg, 2); // a JPEG start marker, then noise
        case TRUNCATED_PNG -> Arrays.copyOf(png, png.length / 2);
        case CORRUPT_PNG -> garbageAfter(png, 33); // signature and header chunk, then noise
        case EMPTY -> new byte[0];
      };
    }

    private static byte[] encoded(String format) throws Exception {
      BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
      Random r = new Random(3);
      for (int y = 0; y < 48; y++) {
        for (int x = 0; x < 64; x++) {
          img.setRGB(x, y, r.nextInt());
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, format, out);
      return out.toByteArray();
    }

    private static byte[] garbageAfter(byte[] valid, int keep) {
      byte[] b = valid.clone();
      Random r = new Random(4);
      for (int i = keep; i < b.length; i++) {
        b[i] = (byte) r.nextInt();
      }
      return b;
    }
  }

  @ParameterizedTest
  @EnumSource(ImageFault.class)
  void aBrokenImageStopsTestingWithItsName(ImageFault fault) throws Exception {
    Path root = caseDataset(fault.name());
    Path image = NetVladDatasets.open(root, CASE).databaseImages().get(1);
    Files.write(image, fault.bytes());

    CapturedRun r = test(root, CASE);

    assertUsageError(r, image.toString(), fault.words);
    assertNoReportOrSpill(CASE);
  }

  /** A PNG or JPEG that declares a huge size in a tiny file: refused from its header as too large. */
  enum HugeImage {
    PNG_100K_SQUARE, PNG_WIDE_INT_OVERFLOW, JPEG_60K_SQUARE, JPEG_WIDEST;

    byte[] bytes() throws Exception {
      return switch (this) {
        case PNG_100K_SQUARE -> pngHeader(100_000, 100_000);
        case PNG_WIDE_INT_OVERFLOW -> pngHeader(Integer.MAX_VALUE, 3); // width x height x 3 overflows an int
        case JPEG_60K_SQUARE -> jpegDeclaring(60_000, 60_000);
        case JPEG_WIDEST -> jpegDeclaring(65_535, 65_535);
      };
    }

    /** PNG signature, an IHDR chunk (8-bit RGB) with its CRC, and IEND: no pixel data at all. */
    private static byte[] pngHeader(int width, int height) {
      java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
          .putInt(width).putInt(height).put(new byte[] {8, 2, 0, 0, 0});
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(ihdr.array());
      return java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4 + 12)
          .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}).putInt(13).put(ihdr.array())
          .putInt((int) crc.getValue()).putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII))
          .putInt(0xAE426082).array();
    }

    /** A real 64x48 JPEG whose frame header (SOF0) is changed to declare {@code width x height}. */
    private static byte[] jpegDeclaring(int width, int height) throws Exception {
      byte[] jpeg = ImageFault.encoded("jpg");
      for (int i = 2; i + 8 < jpeg.length; i++) {
        if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
          jpeg[i + 5] = (byte) (height >> 8);
          jpeg[i + 6] = (byte) height;
          jpeg[i + 7] = (byte) (width >> 8);
          jpeg[i + 8] = (byte) width;
          return jpeg;
        }
      }
      throw new AssertionError("no SOF0 marker in the JPEG");
    }
  }

  @ParameterizedTest
  @EnumSource(HugeImage.class)
  void anImageDeclaringAHugeSizeIsTooLargeNotCorrupt(HugeImage huge) throws Exception {
    Path root = caseDataset(huge.name());
    Path image = NetVladDatasets.open(root, CASE).databaseImages().get(0);
    byte[] bytes = huge.bytes();
    assertTrue(bytes.length < 20_000, "a tiny file");
    Files.write(image, bytes);

    CapturedRun r = test(root, CASE);

    // beyond 65,500 pixels a side, Java's JPEG decoder cannot go, whatever the limit
    assertUsageError(r, image.toString(), "too large", huge == HugeImage.JPEG_WIDEST ? "65,500" : "--max-image-pixels");
    assertFalse(r.err().contains("corrupt"), r.err());
    assertNoReportOrSpill(CASE);
  }

  @Test
  void aLabelImageDeclaringAHugeSizeIsTooLarge() throws Exception {
    for (HugeImage huge : List.of(HugeImage.PNG_100K_SQUARE, HugeImage.PNG_WIDE_INT_OVERFLOW)) {
      Path label = Files.write(dir.resolve("label-" + huge + ".png"), huge.bytes());
      VprException e = assertThrows(VprException.class, () -> LabelImages.read(label));
      assertTrue(e.getMessage().contains(label.toString()) && e.getMessage().contains("too large"), e.getMessage());
    }
  }

  @Test
  void theImageSizeLimitCanBeLoweredAndRaised() throws Exception {
    Path root = caseDataset("limit");
    String split = "limit_case"; // this test's successful runs write reports; other tests check tiny_case has none
    Files.copy(matFile(root), root.resolve("datasets/" + split + ".mat"));
    int pixels = 64 * 48;
    CapturedRun lowered = CapturedRun.of(TinyRuns.with(testArgs(root, split), "--max-image-pixels", Integer.toString(pixels - 1)));
    assertUsageError(lowered, "too large", "64 x 48 = 3,072 pixels", "limit of 3,071");
    assertEquals(0, CapturedRun.of(TinyRuns.with(testArgs(root, split), "--max-image-pixels",
        Integer.toString(pixels))).exitCode(), "exactly at the limit is allowed");
    assertUsageError(CapturedRun.of(TinyRuns.with(testArgs(root, split), "--max-image-pixels", "0")),
        "--max-image-pixels 0 is out of range");
    assertUsageError(CapturedRun.of(TinyRuns.with(testArgs(root, split), "--max-image-pixels", "999999999999")),
        "--max-image-pixels", "out of range");
    // the next command without the option is back at the default
    assertEquals(0, test(root, split).exitCode());
  }

  @Test
  void aBrokenImageStopsTrainingBeforeAnyCheckpoint() throws Exception {
    Path root = caseDataset("train-image");
    Path image = NetVladDatasets.open(root, CASE).queryImages().get(0);
    Files.write(image, new byte[0]);
    Path fresh = TinyRuns.copy(run, dir.resolve("run-bad-image"));

    CapturedRun r = CapturedRun.of("train", "--run", fresh.toString(), "--dataset", root.toString(), "--train-split", CASE,
        "--val-split", CASE);

    assertUsageError(r, image.toString(), "empty");
    assertEquals(List.of("init.h5"), names(fresh.resolve("checkpoints")));
  }

  // ---- dataset specification (.mat) ----

  @Test
  void anImageListedButMissingIsNamed() throws Exception {
    Path root = caseDataset("missing-image");
    Path image = NetVladDatasets.open(root, CASE).databaseImages().get(2);
    Files.delete(image);

    CapturedRun r = test(root, CASE);

    assertUsageError(r, matFile(root).toString(), "1 of the", "missing", image.toString());
    assertNoReportOrSpill(CASE);
  }

  @Test
  void aMatFileNameLeadingOutsideTheRootIsRefusedBeforeAnyImageIsOpened() throws Exception {
    Path root = caseDataset("escaping-names");
    DbStruct s = DbStructReader.read(matFile(root));
    Path outside = Files.copy(NetVladDatasets.open(root, CASE).databaseImages().get(0), dir.resolve("outside.png"));
    String upAndOut = "../../" + outside.getFileName(); // from the root up to dir
    assertTrue(Files.isRegularFile(root.resolve(upAndOut).normalize()), "the escape reaches a real file");
    for (String name : List.of(upAndOut, outside.toString(), "000/../../../" + outside.getFileName())) {
      List<String> names = new java.util.ArrayList<>(s.dbImageFns());
      names.set(1, name);
      Map<String, Array> fields = MatFiles.fields(s);
      fields.put("dbImageFns", MatFiles.cell(names));
      MatFiles.write(matFile(root), fields);

      assertUsageError(test(root, CASE), matFile(root).toString(), name, "outside the dataset root", "refused");
      assertNoReportOrSpill(CASE);
    }
  }

  @Test
  void aSymbolicLinkOutOfTheRootIsRefused() throws Exception {
    Path root = caseDataset("symlinked-image");
    Path outside = Files.copy(NetVladDatasets.open(root, CASE).databaseImages().get(0), dir.resolve("elsewhere.png"));
    Path image = NetVladDatasets.open(root, CASE).queryImages().get(1);
    Files.delete(image);
    Files.createSymbolicLink(image, outside);
    assertUsageError(test(root, CASE), matFile(root).toString(), image.toString(), "symbolic link", "refused");

    // a linked folder on the way counts too; a link that stays inside the root is fine
    Path linkedRoot = caseDataset("symlinked-folder");
    Path folder = NetVladDatasets.open(linkedRoot, CASE).databaseImages().get(0).getParent();
    Path moved = Files.move(folder, dir.resolve("moved-folder"));
    Files.createSymbolicLink(folder, moved);
    assertUsageError(test(linkedRoot, CASE), "symbolic link", "outside the dataset root");
    Files.delete(folder);
    Files.move(moved, linkedRoot.resolve("real-folder"));
    Files.createSymbolicLink(folder, linkedRoot.resolve("real-folder"));
    assertEquals(6, NetVladDatasets.open(linkedRoot, CASE).numDb(), "a link inside the root is allowed");
  }

  @Test
  void utmFoldersAndLabelImagesStayInsideTheRoot() throws Exception {
    Path root = dir.resolve("utm-root");
    Path database = Files.createDirectories(root.resolve("images/s/database"));
    Files.createDirectories(root.resolve("images/s/queries"));
    Path elsewhere = Files.write(dir.resolve("utm-elsewhere.jpg"), ImageFault.encoded("jpg"));
    Files.write(database.resolve("@100.0@200.0@a.jpg"), ImageFault.encoded("jpg"));
    Files.write(root.resolve("images/s/queries/@100.0@201.0@q.jpg"), ImageFault.encoded("jpg"));
    Path link = Files.createSymbolicLink(database.resolve("@100.0@202.0@b.jpg"), elsewhere);
    VprException e = assertThrows(VprException.class, () -> UtmFolderDatasets.open(root, "s"));
    assertTrue(e.getMessage().contains(link.toString()) && e.getMessage().contains("outside the dataset root"),
        e.getMessage());

    Path image = root.resolve("images/s/queries/@100.0@201.0@q.jpg");
    Path label = LabelImages.pathFor(root, image);
    Files.createDirectories(label.getParent());
    Files.createSymbolicLink(label, Files.write(dir.resolve("label-elsewhere.png"), new byte[] {1}));
    VprException l = assertThrows(VprException.class, () -> LabelImages.pathFor(root, image));
    assertTrue(l.getMessage().contains(label.toString()) && l.getMessage().contains("symbolic link"), l.getMessage());
    VprException up = assertThrows(VprException.class, () -> LabelImages.pathFor(root, Path.of("../x.jpg")));
    assertTrue(up.getMessage().contains("not inside the dataset root"), up.getMessage());
  }

  @Test
  void aTruncatedMatFileIsNamed() throws Exception {
    Path root = caseDataset("truncated-mat");
    byte[] whole = Files.readAllBytes(matFile(root));
    Files.write(matFile(root), Arrays.copyOf(whole, whole.length / 2));

    assertUsageError(test(root, CASE), matFile(root).toString(), "truncated or corrupt");
    assertNoReportOrSpill(CASE);
  }

  @Test
  void aV73MatFileWithoutAFieldIsNamed() throws Exception {
    Path root = caseDataset("v73");
    Path mat = root.resolve("datasets/v73_case.mat");
    Files.copy(Path.of(getClass().getResource("/reliability/v73_missing_utmQ.mat").toURI()), mat);

    assertUsageError(test(root, "v73_case"), mat.toString(), "utmQ");
    assertNoReportOrSpill("v73_case");
  }

  @Test
  void aLevel5MatFileWithoutAFieldIsNamed() throws Exception {
    Path root = caseDataset("no-field");
    Map<String, Array> fields = MatFiles.fields(DbStructReader.read(matFile(root)));
    fields.remove("utmQ");
    MatFiles.write(matFile(root), fields);

    assertUsageError(test(root, CASE), matFile(root).toString(), "utmQ");
    assertNoReportOrSpill(CASE);
  }

  @Test
  void aFieldOfTheWrongTypeIsNamed() throws Exception {
    Path root = caseDataset("wrong-type");
    Map<String, Array> fields = MatFiles.fields(DbStructReader.read(matFile(root)));
    fields.put("posDistThr", Mat5.newString("25 m"));
    MatFiles.write(matFile(root), fields);

    assertUsageError(test(root, CASE), matFile(root).toString(), "posDistThr", "numeric scalar");
    assertNoReportOrSpill(CASE);
  }

  @Test
  void anEmptyDatabaseIsNamed() throws Exception {
    Path root = caseDataset("empty-db");
    Map<String, Array> fields = MatFiles.fields(DbStructReader.read(matFile(root)));
    fields.put("dbImageFns", Mat5.newCell(0, 1));
    fields.put("utmDb", Mat5.newMatrix(2, 0));
    fields.put("numImages", Mat5.newScalar(0));
    MatFiles.write(matFile(root), fields);

    assertUsageError(test(root, CASE), matFile(root).toString(), "dbImageFns", "empty");
    assertNoReportOrSpill(CASE);
  }

  @Test
  void transposedUtmArraysAreReadAsPositions() throws Exception {
    Path root = caseDataset("transposed");
    DbStruct original = DbStructReader.read(matFile(root));
    Map<String, Array> fields = MatFiles.fields(original);
    fields.put("utmDb", MatFiles.utm(original.utmDb(), true));
    fields.put("utmQ", MatFiles.utm(original.utmQ(), true));
    MatFiles.write(root.resolve("datasets/transposed_case.mat"), fields);
    Files.copy(matFile(root), root.resolve("datasets/plain_case.mat"));

    PlaceDataset a = NetVladDatasets.open(root, "plain_case");
    PlaceDataset b = NetVladDatasets.open(root, "transposed_case");
    assertArrayEquals(a.databaseUtm(), b.databaseUtm());
    assertArrayEquals(a.queryUtm(), b.queryUtm());

    assertEquals(0, test(root, "plain_case").exitCode());
    assertEquals(0, test(root, "transposed_case").exitCode());
    JsonNode plain = report("plain_case");
    JsonNode other = report("transposed_case");
    assertEquals(plain.get("recall"), other.get("recall"));
    assertEquals(0, other.get("queriesWithoutPositives").asInt());
  }

  @Test
  void queriesWithoutPositivesCannotTrainAndAreCountedInTests() throws Exception {
    Path root = caseDataset("far");
    DbStruct s = DbStructReader.read(matFile(root));
    Map<String, Array> fields = MatFiles.fields(s);
    double[][] far = Arrays.stream(s.utmQ()).map(xy -> new double[] {xy[0] + 10_000, xy[1]}).toArray(double[][]::new);
    fields.put("utmQ", MatFiles.utm(far, false));
    Path mat = root.resolve("datasets/far_case.mat");
    MatFiles.write(mat, fields);
    Path fresh = TinyRuns.copy(run, dir.resolve("run-far"));

    CapturedRun train = CapturedRun.of("train", "--run", fresh.toString(), "--dataset", root.toString(), "--train-split",
        "far_case", "--val-split", CASE);
    assertUsageError(train, "far_case", "nothing to train on");
    assertEquals(List.of("init.h5"), names(fresh.resolve("checkpoints")));
    assertFalse(Files.exists(fresh.resolve("tensorboard")), "no TensorBoard file was started");

    assertEquals(0, test(root, "far_case").exitCode());
    JsonNode report = report("far_case");
    assertEquals(s.numQueries(), report.get("queriesWithoutPositives").asInt());
    assertEquals(0.0, report.get("recall").get("25").asDouble());
  }

  // ---- centroid files ----

  @Test
  void centroidsOfTheWrongShapeOrWithNaNAreNamedAndNoRunFolderIsMade() throws Exception {
    int dim = GraphConfig.read(graph).model().encoderDim();
    int k = GraphConfig.read(graph).model().numClusters();
    Path wrongDim = centroidFile("wrong-dim.hdf5", k, dim - 1, false);
    Path wrongCount = centroidFile("wrong-count.hdf5", k - 1, dim, false);
    Path nan = centroidFile("nan.hdf5", k, dim, true);

    assertUsageError(cluster("c1", wrongDim), wrongDim.toString(), "[" + k + ", " + (dim - 1) + "]");
    assertUsageError(cluster("c2", wrongCount), wrongCount.toString(), (k - 1) + " centroids");
    assertUsageError(cluster("c3", nan), nan.toString(), "non-finite");
    assertEquals(List.of(), names(dir).stream().filter(n -> n.matches("\\.?c[123].*")).toList(),
        "no run folder and no temporary folder is left");
  }

  // ---- checkpoints of another model ----

  @Test
  void aCheckpointOfAnotherVariantIsNamedWithItsDifferences() throws Exception {
    GraphConfig tiny = GraphConfig.read(graph);
    Path moreClusters = otherVariant("run-k16", tiny.withOverrides(List.of("model.numClusters=16"), "test"));
    Path withSe = otherVariant("run-senet", tiny.withOverrides(List.of("model.attentions=[\"senet\"]"), "test"));

    CapturedRun a = CapturedRun.of("test", "--run", moreClusters.toString(), "--dataset", data.toString(), "--split",
        TinyRuns.VAL);
    assertUsageError(a, moreClusters.resolve("checkpoints/best.h5").toString(), "pool.centroids", "another shape");
    CapturedRun b = CapturedRun.of("test", "--run", withSe.toString(), "--dataset", data.toString(), "--split", TinyRuns.VAL);
    assertUsageError(b, withSe.resolve("checkpoints/best.h5").toString(), "missing", "attention");
    assertFalse(Files.exists(moreClusters.resolve("reports")) || Files.exists(withSe.resolve("reports")));
  }

  // ---- inconsistent options ----

  @Test
  void inconsistentOptionsAreNamedAndChangeNothing() throws Exception {
    Path out = dir.resolve("masked");
    CapturedRun masked = CapturedRun.of(TinyRuns.with(TinyRuns.clusterArgs(graph, data, out), "--set",
        "model.maskWeightedNetVlad=true"));
    assertUsageError(masked, "--set", "maskWeightedNetVlad", "deattention");
    assertFalse(Files.exists(out));

    Path fresh = TinyRuns.copy(run, dir.resolve("run-options"));
    byte[] graphJson = Files.readAllBytes(fresh.resolve(RunFolder.GRAPH));
    CapturedRun resume = CapturedRun.of(TinyRuns.trainArgs(fresh, data, "--resume"));
    assertUsageError(resume, fresh.resolve("checkpoints/latest.h5").toString(), "resume");
    CapturedRun negative = CapturedRun.of(TinyRuns.trainArgs(fresh, data, "--set", "training.lr=-1"));
    assertUsageError(negative, "--set", "training.lr -1.0 must be > 0");
    assertArrayEquals(graphJson, Files.readAllBytes(fresh.resolve(RunFolder.GRAPH)), "graph.json is unchanged");
    assertEquals(List.of("checkpoints", "graph.json", "centroids.hdf5").stream().sorted().toList(), names(fresh),
        "no log, TensorBoard file or checkpoint was written");
  }

  @Test
  void anInvalidEpochCountNamesTheOptionItCameThrough() throws Exception {
    Path fresh = TinyRuns.copy(run, dir.resolve("run-epochs"));
    byte[] graphJson = Files.readAllBytes(fresh.resolve(RunFolder.GRAPH));
    assertUsageError(CapturedRun.of(TinyRuns.trainArgs(fresh, data, "--epochs", "abc")), "--epochs", "'abc'", "whole number");
    assertUsageError(CapturedRun.of(TinyRuns.trainArgs(fresh, data, "--epochs", "0")), "--epochs", "'0'", "at least 1");
    assertUsageError(CapturedRun.of(TinyRuns.trainArgs(fresh, data, "--epochs", "99999999999")), "--epochs", "whole number");
    assertUsageError(CapturedRun.of(TinyRuns.trainArgs(fresh, data, "--set", "training.epochs=abc")), "--set",
        "training.epochs", "abc", "whole number");
    assertUsageError(CapturedRun.of(TinyRuns.trainArgs(fresh, data, "--set", "training.epochs=2.5")), "--set",
        "training.epochs", "2.5", "whole number");
    assertUsageError(CapturedRun.of(TinyRuns.trainArgs(fresh, data, "--set", "training.epochs=-1")), "--set",
        "training.epochs", "at least 1");
    assertUsageError(CapturedRun.of(TinyRuns.trainArgs(fresh, data, "--set", "training.lr=fast")), "--set",
        "training.lr", "fast", "a number");
    assertArrayEquals(graphJson, Files.readAllBytes(fresh.resolve(RunFolder.GRAPH)), "graph.json is unchanged");
    assertEquals(List.of("checkpoints", "graph.json", "centroids.hdf5").stream().sorted().toList(), names(fresh));
  }

  @Test
  void aDivergingTrainingStopsWithTheLastGoodCheckpointIntact() throws Exception {
    Path fresh = TinyRuns.copy(run, dir.resolve("run-nan"));
    assertEquals(0, CapturedRun.of(TinyRuns.trainArgs(fresh, data)).exitCode());
    byte[] latest = Files.readAllBytes(fresh.resolve("checkpoints/latest.h5"));
    byte[] best = Files.readAllBytes(fresh.resolve("checkpoints/best.h5"));

    CapturedRun r = CapturedRun.of(TinyRuns.trainArgs(fresh, data, "--resume", "--epochs", "2", "--set", "training.lr=1e30"));

    assertUsageError(r, "training diverged", "learning rate 1", "last checkpoint is intact");
    assertArrayEquals(latest, Files.readAllBytes(fresh.resolve("checkpoints/latest.h5")));
    assertArrayEquals(best, Files.readAllBytes(fresh.resolve("checkpoints/best.h5")));
    CheckpointAssertions.assertIntact(fresh);
    assertEquals(1, CheckpointAssertions.state(fresh, "latest").epochsDone());
  }

  // ---- helpers ----

  /** A 3-place split {@code tiny_case} in its own dataset root. */
  private static Path caseDataset(String name) throws Exception {
    Path root = dir.resolve("cases").resolve(name);
    TinyData.pittsburgh(root, CASE, 3, 64, 48, name.hashCode());
    return root;
  }

  private static Path matFile(Path root) {
    return root.resolve("datasets").resolve(CASE + ".mat");
  }

  private static CapturedRun test(Path root, String split) {
    return CapturedRun.of(testArgs(root, split));
  }

  private static String[] testArgs(Path root, String split) {
    return new String[] {"test", "--run", tested.toString(), "--dataset", root.toString(), "--split", split, "--ckpt",
        "init"};
  }

  private static CapturedRun cluster(String out, Path centroids) {
    return CapturedRun.of(TinyRuns.with(TinyRuns.clusterArgs(graph, data, dir.resolve(out)), "--centroids",
        centroids.toString()));
  }

  private static JsonNode report(String split) throws Exception {
    return GraphConfig.json().readTree(tested.resolve("reports/test-" + split + "-init.json").toFile());
  }

  /** A copy of the tiny run whose graph is {@code other}, holding the tiny model's weights as its best checkpoint. */
  private static Path otherVariant(String name, GraphConfig other) throws Exception {
    Path copy = TinyRuns.copy(run, dir.resolve(name));
    other.write(copy.resolve(RunFolder.GRAPH));
    Files.copy(copy.resolve("checkpoints/init.h5"), copy.resolve("checkpoints/best.h5"));
    return copy;
  }

  private static Path centroidFile(String name, int k, int dim, boolean withNaN) {
    float[][] c = new float[k][dim];
    Random r = new Random(k * 31L + dim);
    for (float[] row : c) {
      for (int j = 0; j < dim; j++) {
        row[j] = r.nextFloat();
      }
    }
    if (withNaN) {
      c[k / 2][dim / 2] = Float.NaN;
    }
    Path file = dir.resolve(name);
    try (WritableHdfFile h = HdfFile.write(file)) {
      h.putDataset("centroids", c);
      h.putDataset("descriptors", c);
    }
    return file;
  }

  private static void assertUsageError(CapturedRun r, String... words) {
    assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err());
    for (String w : words) {
      assertTrue(r.err().contains(w), "the message lacks '" + w + "': " + r.err());
    }
  }

  private static void assertNoReportOrSpill(String split) throws Exception {
    List<String> left = names(tested).stream().filter(n -> n.contains("descriptors-")).toList();
    assertEquals(List.of(), left, "spill files");
    if (Files.isDirectory(tested.resolve("reports"))) {
      assertEquals(List.of(), names(tested.resolve("reports")).stream().filter(n -> n.contains(split)).toList());
    }
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
