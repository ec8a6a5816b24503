package org.vpr4j.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.spark.SerializableWritable;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.broadcast.Broadcast;
import org.vpr4j.VprException;
import org.vpr4j.io.AtomicFiles;

/**
 * HNSW shards on a Hadoop file system that Lucene cannot open ({@code hdfs://}, {@code s3a://};
 * docs/spark.md, "search"). A task builds a shard in a local temporary folder and uploads it whole
 * under a hidden temporary name, renamed into place when complete, so a failed upload leaves no
 * shard. A search task opens a local copy, downloaded once per executor into a cache folder (in the
 * folder where Spark puts the job's files) named after the shard's files, their lengths and
 * modification times: a rebuilt shard is a new name, never a stale copy.
 *
 * @param folder the side folder, a Hadoop URI
 * @param hadoop the driver's Hadoop configuration (credentials and the like), broadcast once
 */
record RemoteShards(String folder, Broadcast<SerializableWritable<Configuration>> hadoop) implements ShardStore {
  /** One download of a copy at a time in this JVM: the tasks of an executor share its copies. */
  private static final ConcurrentHashMap<java.nio.file.Path, Object> DOWNLOADING = new ConcurrentHashMap<>();

  private Configuration conf() {
    return hadoop.value().value();
  }

  private Path shard(String name) {
    return new Path(folder, name);
  }

  @Override
  public String location(String name) {
    return shard(name).toString();
  }

  @Override
  public boolean has(String name) {
    return HadoopFiles.exists(shard(name), conf());
  }

  @Override
  public void publish(String name, Consumer<java.nio.file.Path> build) {
    java.nio.file.Path work = null;
    try {
      work = Files.createTempDirectory(Files.createDirectories(localRoot()), ".build-" + name + "-");
      java.nio.file.Path built = work.resolve(name);
      build.accept(built);
      upload(built, shard(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish HNSW shard " + shard(name) + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(work);
    }
  }

  /** Copies a local shard folder to a hidden sibling of {@code target}, then renames it into place. */
  private void upload(java.nio.file.Path local, Path target) throws IOException {
    FileSystem fs = HadoopFiles.fs(target, conf());
    Path tmp = HadoopFiles.hiddenSibling(target);
    try {
      fs.mkdirs(tmp);
      try (Stream<java.nio.file.Path> files = Files.list(local)) {
        for (java.nio.file.Path f : files.toList()) {
          try (OutputStream out = fs.create(new Path(tmp, f.getFileName().toString()), false)) {
            Files.copy(f, out);
          }
        }
      }
      if (!renameUnlessTaken(fs, tmp, target)) {
        fs.delete(tmp, true); // another attempt of this task published the same shard first
      }
    } catch (IOException | RuntimeException e) {
      try {
        fs.delete(tmp, true);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Renames {@code from} to {@code to} unless {@code to} exists. A plain {@link FileSystem#rename}
   * onto an existing folder would move {@code from} into it, so where the file system offers a
   * rename that refuses an existing target ({@link FileContext}), that one is used.
   *
   * @return false if {@code to} already existed
   */
  private boolean renameUnlessTaken(FileSystem fs, Path from, Path to) throws IOException {
    FileContext fc;
    try {
      fc = FileContext.getFileContext(to.toUri(), conf());
    } catch (UnsupportedFileSystemException e) {
      if (fs.exists(to)) {
        return false;
      }
      if (!fs.rename(from, to)) {
        throw new IOException("cannot rename " + from + " to " + to);
      }
      return true;
    }
    try {
      fc.rename(from, to);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  @Override
  public java.nio.file.Path local(String name) {
    Path remote = shard(name);
    FileSystem fs = HadoopFiles.fs(remote, conf());
    List<FileStatus> files = filesOf(fs, remote);
    StringBuilder key = new StringBuilder(remote.toString());
    for (FileStatus f : files) {
      key.append('\n').append(f.getPath().getName()).append('\t').append(f.getLen()).append('\t')
          .append(f.getModificationTime());
    }
    java.nio.file.Path copy = localRoot().resolve(name + "-" + Sha256.of(key.toString()).substring(0, 20));
    synchronized (DOWNLOADING.computeIfAbsent(copy, c -> new Object())) {
      if (!Files.isDirectory(copy)) {
        AtomicFiles.writeFolder(copy, into -> {
          for (FileStatus f : files) {
            try (InputStream in = fs.open(f.getPath())) {
              Files.copy(in, into.resolve(f.getPath().getName()));
            }
          }
        });
      }
    }
    return copy;
  }

  /** The files of a shard folder, by name. */
  private static List<FileStatus> filesOf(FileSystem fs, Path shard) {
    try {
      FileStatus[] all = fs.listStatus(shard);
      return Arrays.stream(all).filter(FileStatus::isFile)
          .sorted(Comparator.comparing(f -> f.getPath().getName())).toList();
    } catch (FileNotFoundException e) {
      throw new VprException("HNSW shard " + shard + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list HNSW shard " + shard + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int removeLeftovers() {
    Path side = new Path(folder);
    return HadoopFiles.exists(side, conf()) ? HadoopFiles.removeLeftovers(side, conf()) : 0;
  }

  /**
   * Where this JVM keeps shard copies and builds: Spark's folder for the job's files (an
   * executor's working folder, or the driver's temporary one in local mode).
   */
  static java.nio.file.Path localRoot() {
    String root = SparkEnv.get() != null ? SparkFiles.getRootDirectory() : System.getProperty("java.io.tmpdir");
    return java.nio.file.Path.of(root, "vpr4j-hnsw-shards").toAbsolutePath();
  }

  private static void deleteQuietly(java.nio.file.Path folder) {
    try {
      AtomicFiles.deleteRecursively(folder);
    } catch (IOException ignored) {
      // best effort: a hidden folder among the job's files, which Spark removes with them
    }
  }
}
