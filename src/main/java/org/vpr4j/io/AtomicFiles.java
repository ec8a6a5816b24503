package org.vpr4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.vpr4j.VprException;

/**
 * Writes files and folders so that a reader never sees a half-written result: the
 * content goes to a temporary sibling first and is renamed into place only when
 * complete. A crash or a full disk leaves the previous version untouched. A file's
 * data is synced to disk before the rename, and the rename itself after it, so a
 * power cut cannot publish a file whose content was still only in memory.
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
      tmp = Files.createTempFile(parent, tempPrefix(target), ".tmp");
      writer.write(tmp);
      sync(tmp);
      moveReplacing(tmp, target);
      syncQuietly(parent);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw asWriteFailure(e, target);
    }
  }

  /**
   * Deletes the temporary files that {@link #write} leaves in {@code folder} when its process is
   * killed mid-write ({@code .NAME.RANDOM.tmp}). Only safe when no other process writes there, for
   * instance under the folder's {@link RunLock}.
   *
   * @return how many were deleted
   */
  public static int removeLeftovers(Path folder) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, ".*.tmp")) {
      for (Path p : leftovers) {
        if (Files.isRegularFile(p) && Files.deleteIfExists(p)) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
    return removed;
  }

  /**
   * Deletes what an interrupted {@link #write} or {@link #writeFolder} of {@code target} left beside
   * it (hidden {@code .NAME.PID.*} files and folders) when process PID no longer runs; temporaries of
   * a running writer are left alone, so no lock is needed.
   *
   * @return how many were deleted
   */
  public static int removeLeftoversOf(Path target) {
    Path parent = parentOf(target);
    if (!Files.isDirectory(parent)) {
      return 0;
    }
    String prefix = "." + target.getFileName() + ".";
    int removed = 0;
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent,
        p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path p : siblings) {
        String[] parts = p.getFileName().toString().substring(prefix.length()).split("\\.", 2);
        if (parts.length == 2 && parts[0].matches("\\d{1,18}")
            && ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
          deleteRecursively(p);
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the temporaries of " + target + ": " + e.getMessage(), e);
    }
    return removed;
  }

  /** {@code .NAME.PID.}: hidden, and says which process may still be writing it. */
  private static String tempPrefix(Path target) {
    return "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".";
  }

  /**
   * Some writers (jhdf) report a failed write (a full disk, say) as their own unchecked exception
   * around the IOException; such a failure is a problem with {@code target}, not a bug, so it
   * becomes an {@link UncheckedIOException} that names the file.
   */
  private static RuntimeException asWriteFailure(RuntimeException e, Path target) {
    if (e instanceof UncheckedIOException || e instanceof VprException) {
      return e;
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof IOException io) {
        return new UncheckedIOException("cannot write " + target + ": " + io.getMessage(), io);
      }
    }
    return e;
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
      tmp = Files.createTempDirectory(parent, tempPrefix(target));
      writer.write(tmp);
      Path old = null;
      if (Files.exists(target)) {
        old = parent.resolve(tempPrefix(target) + "old-" + System.nanoTime());
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

  private static void sync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Syncs a folder's entries (a rename); not every platform can open a folder, so best effort. */
  private static void syncQuietly(Path folder) {
    try {
      sync(folder);
    } catch (IOException | UnsupportedOperationException ignored) {
      // the rename is done; only its durability across a power cut is not guaranteed here
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
