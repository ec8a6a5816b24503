package org.vpr4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders report pages in headless Chromium through {@code scripts/check-reports.sh}. Runs only
 * where Debian's {@code chromium} is installed (CI installs it); elsewhere it is skipped.
 */
class ChromiumCheckTest {
  @TempDir static Path dir;

  @BeforeAll
  static void needsChromium() {
    assumeTrue(onPath("chromium"), "chromium is not installed; skipping the browser check");
  }

  @Test
  void testAndComparePagesRenderWithEveryImage() throws Exception {
    Path test = SamplePages.testPage(dir.resolve("a"));
    TreeMap<Integer, Double> r = new TreeMap<>();
    r.put(1, 40.0);
    r.put(5, 70.0);
    Path compare = dir.resolve("compare.html");
    ComparePage.write(compare, "comparison", List.of(new ComparePage.Entry("m", "d", r, r)), List.of(1, 5));
    Result result = check(test, compare);
    assertEquals(0, result.code(), result.output());
    assertTrue(result.output().contains("ok   " + test), result.output());
  }

  @Test
  void aPageWithAMissingImageFails() throws Exception {
    Path page = SamplePages.testPage(dir.resolve("b"));
    Files.delete(page.resolveSibling(page.getFileName().toString().replace(".html", "_files/recall.png")));
    Result result = check(page);
    assertEquals(1, result.code(), result.output());
    assertTrue(result.output().contains("did not decode"), result.output());
    assertTrue(result.output().contains("recall.png does not exist"), result.output());
  }

  record Result(int code, String output) {}

  private static Result check(Path... pages) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", Path.of("scripts/check-reports.sh").toAbsolutePath().toString()));
    for (Path p : pages) {
      cmd.add(p.toString());
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }
}
