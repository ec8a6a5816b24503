package org.vpr4j.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Test helper: the resources an HTML page refers to ({@code src} and {@code href} attributes),
 * and checks that each one is there, either embedded as a data URI or as a file next to the page,
 * and that every image decodes.
 */
public final class HtmlReferences {
  private static final Pattern REFERENCE = Pattern.compile("\\b(src|href)\\s*=\\s*\"([^\"]*)\"");

  private HtmlReferences() {}

  /** Every src/href value of the page, in order. */
  public static List<String> all(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = REFERENCE.matcher(html);
    while (m.find()) {
      out.add(m.group(2));
    }
    return out;
  }

  /** The images of the page, decoded, after checking every reference resolves; fails the test otherwise. */
  public static List<BufferedImage> checkAll(Path page) throws Exception {
    String html = Files.readString(page);
    List<BufferedImage> images = new ArrayList<>();
    for (String ref : all(html)) {
      assertFalse(ref.startsWith("http:") || ref.startsWith("https:") || ref.startsWith("//"),
          "the page must not need the network: " + ref);
      byte[] bytes;
      if (ref.startsWith("data:")) {
        int comma = ref.indexOf(',');
        assertTrue(comma > 0 && ref.substring(0, comma).endsWith(";base64"), "unexpected data URI " + ref);
        bytes = Base64.getDecoder().decode(ref.substring(comma + 1));
      } else {
        Path file = page.resolveSibling(ref);
        assertTrue(Files.isRegularFile(file), page + " refers to " + ref + ", which does not exist");
        bytes = Files.readAllBytes(file);
      }
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      assertNotNull(img, ref.substring(0, Math.min(60, ref.length())) + " is not a decodable image");
      images.add(img);
    }
    return images;
  }

  /** Number of {@code <tr>} rows with at least one {@code <td>}. */
  public static int tableRows(String html) {
    int rows = 0;
    for (String tr : html.split("<tr")) {
      rows += tr.contains("<td") ? 1 : 0;
    }
    return rows;
  }
}
