package org.vpr4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shipped graph files are found from any working folder through the launcher's vpr4j.home. */
class ShippedGraphsTest {
  @TempDir Path home;

  @AfterEach
  void forgetHome() {
    System.clearProperty(ShippedGraphs.HOME_PROPERTY);
  }

  @Test
  void aRelativePathMissingHereIsTakenFromTheInstallation() throws Exception {
    Path installed = Files.createDirectories(home.resolve("graphs")).resolve("only-installed.json");
    Files.writeString(installed, "{}");
    Path asGiven = Path.of("graphs/only-installed.json");
    assertEquals(asGiven, ShippedGraphs.locate(asGiven), "without vpr4j.home: unchanged");
    System.setProperty(ShippedGraphs.HOME_PROPERTY, home.toString());
    assertEquals(installed, ShippedGraphs.locate(asGiven));
    assertEquals(installed, ShippedGraphs.named("only-installed"));
  }

  @Test
  void pathsThatExistHereOrNowhereAreLeftAsGiven() {
    System.setProperty(ShippedGraphs.HOME_PROPERTY, home.toString());
    // The tests run in the project root, where graphs/netvlad.json exists.
    assertEquals(Path.of("graphs/netvlad.json"), ShippedGraphs.named("netvlad"));
    Path missing = Path.of("graphs/no-such-graph.json");
    assertEquals(missing, ShippedGraphs.locate(missing), "the caller's error names the path the user gave");
    Path absolute = home.resolve("x.json");
    assertEquals(absolute, ShippedGraphs.locate(absolute));
  }
}
