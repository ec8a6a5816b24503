package org.vpr4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopFilesTest {
  @TempDir Path dir;

  @Test
  void removesOnlyTheTemporarySiblingsOfDeadAttempts() throws Exception {
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path target = HadoopFiles.path(dir.resolve("part-00000.parquet").toString());
    String dead = HadoopFiles.hiddenSibling(target).getName();
    for (String name : List.of("part-00000.parquet", "_vpr4j-plan.json", ".keep", dead, "." + dead + ".crc",
        "notes.tmp")) {
      Files.writeString(dir.resolve(name), "x");
    }

    // The local file system lists no checksum files and deletes one with its file: one removal.
    assertEquals(1, HadoopFiles.removeLeftovers(HadoopFiles.path(dir.toString()), conf));

    try (var left = Files.list(dir)) {
      assertEquals(List.of(".keep", "_vpr4j-plan.json", "notes.tmp", "part-00000.parquet"),
          left.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }
}
