package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.data.ImageDecoder;
import org.vpr4j.data.RgbImage;
import org.vpr4j.interop.imports.PythonTools;

/**
 * JPEGs in every colour space Pillow decodes (CMYK with and without an Adobe marker, YCCK, baseline
 * and progressive, with an ICC profile) decode to Pillow's {@code convert("RGB")} pixels. Java's own
 * decoding colour-managed CMYK (a pixel Pillow gives as (40, 25, 45) came out (110, 88, 117)) and
 * turned YCCK into other colours altogether, silently.
 *
 * <p>Pillow writes the CMYK files; Pillow cannot write YCCK, so Java's JPEG writer writes those from
 * the same samples converted to YCC (it stores a raster as given, labelled by the Adobe marker). Pillow
 * decodes every file for the reference. Both sides decode the same bitstream with libjpeg's integer
 * IDCT and upsampling, so they agree exactly on CMYK; the YCC to RGB step is float here and fixed
 * point in libjpeg, one level apart at most. Two levels are allowed.
 */
class JpegColourSpacesTest {
  private static final int TOLERANCE = 2;

  @TempDir static Path dir;
  /** Each fixture's mode and Adobe transform as Pillow reports them, by file name. */
  static Map<String, String> pillowSays = new TreeMap<>();

  @BeforeAll
  static void fixtures() throws Exception {
    Path script = Path.of(JpegColourSpacesTest.class.getResource("/reliability/jpeg_colour_fixtures.py").toURI());
    python(script.toString(), "write", dir.toString());
    Path source = dir.resolve("cmyk-plain-baseline.jpg");
    writeYcck(source, dir.resolve("ycck-baseline.jpg"), false);
    writeYcck(source, dir.resolve("ycck-progressive.jpg"), true);
    List<String> decode = new ArrayList<>(List.of(script.toString(), "decode"));
    jpegs().forEach(p -> decode.add(p.toString()));
    for (String line : python(decode.toArray(String[]::new)).strip().split("\n")) {
      String[] f = line.split(" ", 2);
      pillowSays.put(f[0], f[1]);
    }
  }

  @Test
  void theFixturesAreTheColourSpacesTheyAreNamedFor() {
    assertEquals("CMYK 0", pillowSays.get("cmyk-adobe-baseline.jpg"));
    assertEquals("CMYK 0", pillowSays.get("cmyk-adobe-icc.jpg"));
    assertEquals("CMYK -", pillowSays.get("cmyk-plain-progressive.jpg"), "no Adobe marker");
    assertEquals("CMYK 2", pillowSays.get("ycck-baseline.jpg"), "Adobe transform 2 is YCCK");
    assertEquals("CMYK 2", pillowSays.get("ycck-progressive.jpg"));
    assertEquals("RGB -", pillowSays.get("rgb-icc.jpg"));
    assertEquals(8, pillowSays.size(), pillowSays.toString());
  }

  @Test
  void everyJpegDecodesToPillowsRgb() throws Exception {
    List<String> report = new ArrayList<>();
    for (Path jpeg : jpegs()) {
      RgbImage ours = ImageDecoder.read(jpeg);
      byte[] pillow = Files.readAllBytes(Path.of(jpeg + ".rgb"));
      assertEquals(pillow.length, ours.pixels().length, jpeg + ": size");
      int worst = 0;
      for (int i = 0; i < pillow.length; i++) {
        worst = Math.max(worst, Math.abs((pillow[i] & 0xFF) - (ours.pixels()[i] & 0xFF)));
      }
      report.add(jpeg.getFileName() + " max |diff| " + worst);
      assertTrue(worst <= TOLERANCE, jpeg.getFileName() + ": max difference to Pillow " + worst + " levels");
    }
    System.out.println("JPEG colour spaces against Pillow: " + report);
  }

  // ---- helpers ----

  private static List<Path> jpegs() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
  }

  private static String python(String... args) {
    List<String> command = new ArrayList<>(List.of(PythonTools.PYTHON));
    command.addAll(List.of(args));
    PythonTools.Outcome o = PythonTools.run(command, null, 120);
    assertEquals(0, o.exitCode(), "the fixture script needs " + PythonTools.PYTHON + " with PIL (python3-pil): "
        + o.output());
    return o.output();
  }

  /**
   * Writes the CMYK samples of {@code cmykJpeg} as a YCCK JPEG (Adobe transform 2): the C, M, Y
   * samples as RGB (R = 255 - C, as libjpeg does) in YCC, K as it is.
   */
  private static void writeYcck(Path cmykJpeg, Path out, boolean progressive) throws Exception {
    Raster cmyk;
    IIOMetadata metadata;
    try (ImageInputStream in = ImageIO.createImageInputStream(cmykJpeg.toFile())) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      cmyk = reader.readRaster(0, null);
      metadata = reader.getImageMetadata(0);
      reader.dispose();
    }
    WritableRaster ycck = cmyk.createCompatibleWritableRaster();
    int[] p = new int[4];
    for (int y = 0; y < cmyk.getHeight(); y++) {
      for (int x = 0; x < cmyk.getWidth(); x++) {
        cmyk.getPixel(x, y, p);
        double r = 255 - p[0];
        double g = 255 - p[1];
        double b = 255 - p[2];
        ycck.setPixel(x, y, new int[] {level(0.299 * r + 0.587 * g + 0.114 * b),
            level(-0.168736 * r - 0.331264 * g + 0.5 * b + 128), level(0.5 * r - 0.418688 * g - 0.081312 * b + 128),
            p[3]});
      }
    }
    String format = "javax_imageio_jpeg_image_1.0";
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
    IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
    IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
    adobe.setAttribute("version", "101");
    adobe.setAttribute("flags0", "0");
    adobe.setAttribute("flags1", "0");
    adobe.setAttribute("transform", "2");
    markers.insertBefore(adobe, markers.getFirstChild());
    metadata.setFromTree(format, root);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream o = ImageIO.createImageOutputStream(new File(out.toString()))) {
      writer.setOutput(o);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.95f);
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      writer.write(null, new IIOImage(ycck, null, metadata), param);
    } finally {
      writer.dispose();
    }
  }

  private static int level(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
