package org.vpr4j.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Writes JPEG files with a chosen quality (ImageIO's default is 75). */
final class JpegFiles {
  private JpegFiles() {}

  static void write(Path file, BufferedImage picture, int quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    // A memory cache (not ImageIO's temporary-file cache) and a truncating stream.
    try (OutputStream os = Files.newOutputStream(file); ImageOutputStream out = new MemoryCacheImageOutputStream(os)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      writer.setOutput(out);
      writer.write(null, new IIOImage(picture, null, null), param);
    } finally {
      writer.dispose();
    }
  }
}
