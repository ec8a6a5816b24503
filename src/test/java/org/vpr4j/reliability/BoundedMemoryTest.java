package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vpr4j.fixtures.TinyData;
import org.vpr4j.io.RunFolder;
import org.vpr4j.query.LargeIndex;

/**
 * {@code query search} over a database far larger than its heap: 40,000 descriptors of 2,048
 * floats (328 MB, memory-mapped) searched by a child JVM with {@code -Xmx64m}. The search streams
 * the database in blocks sized from the heap, so it finishes instead of running out of memory.
 */
class BoundedMemoryTest {
  @TempDir Path dir;

  @Test
  void searchesADatabaseMoreThanFourTimesItsHeap() throws Exception {
    RunFolder run = TinyData.runFolder(dir.resolve("run"), "wide", 64, "[]", 1); // 64 clusters x 32 channels = 2048-D
    Path index = dir.resolve("big.h5");
    LargeIndex.write(index, run, 40_000, 2048, 3);
    Path descriptors = index.resolveSibling("big.descriptors.f32");
    assertTrue(Files.size(descriptors) > 4L * (64 << 20), "the database must exceed the child's heap several times");
    Path queries = TinyData.utmFolders(dir.resolve("q"), "q", 3, 4).resolve("images/q/queries");
    ChildJvm.Outcome o = ChildJvm.withOptions("-Xmx64m").run(dir.resolve("search.log"), 300, "query", "search",
        "--index", index.toString(), "--images", queries.toString(), "--top-k", "5", "--exact");
    assertEquals(0, o.exitCode(), o.output());
    assertTrue(o.output().contains("  5. "), "five matches per query:\n" + o.output());
  }
}
