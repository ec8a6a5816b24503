package org.vpr4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.VprException;

class GeneratedSectionTest {
  @TempDir Path dir;

  @Test
  void replacesOnlyTheTextBetweenTheMarkers() {
    String page = "intro\n" + GeneratedSection.BEGIN + "\nold\n" + GeneratedSection.END + "\noutro\n";
    assertEquals("intro\n" + GeneratedSection.BEGIN + "\nnew table\n" + GeneratedSection.END + "\noutro\n",
        GeneratedSection.splice(page, "\nnew table\n\n"));
  }

  @Test
  void appendsTheSectionToAPageWithoutMarkers() {
    assertEquals("# Title\n\n" + GeneratedSection.BEGIN + "\nt\n" + GeneratedSection.END + "\n",
        GeneratedSection.splice("# Title\n", "t"));
    assertEquals(GeneratedSection.BEGIN + "\nt\n" + GeneratedSection.END + "\n", GeneratedSection.splice("", "t"));
  }

  @Test
  void unpairedMarkersAreRefusedNamingTheFile() throws Exception {
    Path page = dir.resolve("bench.md");
    Files.writeString(page, "text\n" + GeneratedSection.END + "\n" + GeneratedSection.BEGIN + "\n");
    VprException e = assertThrows(VprException.class, () -> GeneratedSection.write(page, "t"));
    assertTrue(e.getMessage().startsWith(page.toString()), e.getMessage());
    assertEquals("text\n" + GeneratedSection.END + "\n" + GeneratedSection.BEGIN + "\n", Files.readString(page),
        "a refused page is left as it was");
  }

  @Test
  void writeCreatesTheFileAndItsFolder() throws Exception {
    Path page = dir.resolve("docs/bench.md");
    GeneratedSection.write(page, "table");
    GeneratedSection.write(page, "table 2");
    assertEquals(GeneratedSection.BEGIN + "\ntable 2\n" + GeneratedSection.END + "\n", Files.readString(page));
  }
}
