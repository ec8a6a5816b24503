package org.vpr4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files and folders so that a reader never sees a half-written result: the
 * content goes to a temporary sibling first and is renamed into place only when
 * complete. A crash or a full disk leaves the previous version untouched.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a file's content to a given path. */
  @FunctionalInterface
  public interface FileWriter {
    void write(Path target) throws IOException;
  }

  /** Something that writes the content of a folder into a given (empty, existing) folder. */
  @FunctionalInterface
  public interface FolderWriter {
    void write(Path folder) throws IOException;
  }

  /** Writes {@code target} through {@code writer} via a temporary file in the same folder. */
  public static void write(Path target, FileWriter writer) {
    Path parent = parentOf(target);
    Path tmp = null;
    try {
      Files.createDirectories(parent);
      tmp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".tmp");
      writer.write(tmp);
      moveReplacing(tmp, target);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  public static void writeString(Path target, String content) {
    write(target, p -> Files.writeString(p, content, StandardCharsets.UTF_8));
  }

  public static void writeBytes(Path target, byte[] content) {
    write(target, p -> {
      try (OutputStream out = Files.newOutputStream(p)) {
        out.write(content);
      }
    });
  }

  /**
   * Writes a whole folder: {@code writer} fills a temporary sibling, which is then renamed
   * to {@code target}. An existing {@code target} is replaced only after the new one is complete.
   */
  public static void writeFolder(Path target, FolderWriter writer) {
    Path parent = parentOf(target);
    Path tmp = null;
    try {
      Files.createDirectories(parent);
      tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
      writer.write(tmp);
      Path old = null;
      if (Files.exists(target)) {
        old = parent.resolve("." + target.getFileName() + ".old-" + System.nanoTime());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      if (old != null) {
        deleteRecursively(old);
      }
    } catch (IOException e) {
      deleteRecursivelyQuietly(tmp);
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteRecursivelyQuietly(tmp);
      throw e;
    }
  }

  public static void deleteRecursively(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void deleteRecursivelyQuietly(Path root) {
    try {
      deleteRecursively(root);
    } catch (IOException ignored) {
      // best effort: the temporary folder is hidden and named as such
    }
  }

  private static void moveReplacing(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  private static Path parentOf(Path target) {
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IllegalArgumentException("no parent folder for " + target);
    }
    return parent;
  }
}
