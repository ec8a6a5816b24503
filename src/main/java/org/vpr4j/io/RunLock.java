package org.vpr4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vpr4j.VprException;

/**
 * Keeps two vpr4j processes from changing one run folder at the same time (two trainings would
 * overwrite each other's checkpoints and state). An operating-system lock on {@code RUN/.lock}:
 * the system releases it when the process ends, however it ends, so a killed training never
 * leaves a stale lock behind. The file names the holder, for the message the next one gets.
 */
public final class RunLock implements AutoCloseable {
  public static final String FILE = ".lock";

  /**
   * Lock files this process holds. Checked before opening the file again: on Linux, closing any
   * channel of a file drops every lock the process has on it, so a refused second attempt must
   * not open (and close) one.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the run folder's lock or fails at once, naming the process that holds it.
   *
   * @param purpose what this process is about to do, e.g. {@code train}
   */
  public static RunLock acquire(Path runRoot, String purpose) {
    Path file = runRoot.resolve(FILE).toAbsolutePath().normalize();
    if (!HELD.add(file)) {
      // Not even read: closing that read would release this process's own lock.
      throw inUse(runRoot, "by this process, " + ProcessHandle.current().pid());
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw inUse(runRoot, holder(file));
      }
      String me = ProcessHandle.current().pid() + " " + purpose + " since " + Instant.now();
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new RunLock(file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      HELD.remove(file);
      throw new VprException("cannot lock run folder " + runRoot + " (" + file + "): " + e.getMessage());
    } catch (RuntimeException e) {
      closeQuietly(channel);
      HELD.remove(file);
      throw e;
    }
  }

  private static VprException inUse(Path runRoot, String holder) {
    return new VprException("run folder " + runRoot + " is in use (" + holder + "); wait until that"
        + " finishes or stop it, then try again");
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // the lock goes with the channel anyway
    }
    closeQuietly(channel);
    HELD.remove(file);
  }

  /** "process PID PURPOSE since TIME", as the holder wrote it. */
  private static String holder(Path file) {
    try {
      String text = Files.readString(file).trim();
      return text.isEmpty() ? "by another process" : "process " + text;
    } catch (IOException e) {
      return "by another process";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to release
      }
    }
  }
}
