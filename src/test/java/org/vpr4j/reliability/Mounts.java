package org.vpr4j.reliability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small file systems mounted for one test: a tmpfs of a given size (to run a disk full) or a
 * read-only bind mount (an unwritable folder; chmod does not stop root, who runs these tests).
 * Mounting needs root; elsewhere the test is skipped, not failed. Close to unmount.
 */
final class Mounts implements AutoCloseable {
  private final Path point;

  private Mounts(Path point) {
    this.point = point;
  }

  /** Mounts an empty tmpfs of {@code size} (e.g. {@code 4m}) on the existing folder {@code point}. */
  static Mounts tmpfs(Path point, String size) throws IOException, InterruptedException {
    Files.createDirectories(point);
    assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", point.toString()),
        "cannot mount a tmpfs here (not root?)");
    return new Mounts(point);
  }

  /** Makes {@code folder} read-only in place (a read-only bind mount of itself). */
  static Mounts readOnly(Path folder) throws IOException, InterruptedException {
    assumeTrue(exec("mount", "--bind", folder.toString(), folder.toString()), "cannot bind-mount here (not root?)");
    Mounts m = new Mounts(folder);
    if (!exec("mount", "-o", "remount,bind,ro", folder.toString(), folder.toString())) {
      m.close();
      assumeTrue(false, "cannot remount read-only here");
    }
    return m;
  }

  /**
   * Fills the file system with a filler file until only about {@code freeBytes} are left (tmpfs
   * counts whole pages, so the figure is approximate).
   */
  void fillLeaving(long freeBytes) throws IOException {
    long usable = Files.getFileStore(point).getUsableSpace();
    long fill = usable - freeBytes;
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(point.resolve("filler"))) {
      for (long written = 0; written < fill; written += block.length) {
        out.write(block, 0, (int) Math.min(block.length, fill - written));
      }
    }
  }

  /**
   * Unmounts. jhdf memory-maps the HDF5 files it reads, and a mapping keeps the mount busy until the
   * garbage collector drops it; a lazy unmount detaches the mount now and frees it then.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    if (!exec("umount", point.toString()) && !exec("umount", "-l", point.toString())) {
      throw new IOException("cannot unmount " + point);
    }
  }

  private static boolean exec(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes(); // the message, if any; the exit code says enough
    return p.waitFor() == 0;
  }
}
