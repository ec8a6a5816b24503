package org.vpr4j.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Writes TensorBoard scalars: {@code events.out.tfevents.*} files of {@link Event} protos in
 * TFRecord framing (length, masked CRC32C of the length, payload, masked CRC32C of the payload).
 * Each record is flushed, so a killed run keeps everything written so far.
 */
public final class EventWriter implements AutoCloseable {
  private static final java.util.concurrent.atomic.AtomicInteger WRITERS = new java.util.concurrent.atomic.AtomicInteger();

  private final Path file;
  private final OutputStream out;

  public EventWriter(Path folder) {
    try {
      Files.createDirectories(folder);
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "localhost";
      }
      // TensorBoard reads every events.out.tfevents.* file; the suffix keeps two writers of one
      // process in the same second apart (a run resumed right after it stopped).
      file = folder.resolve("events.out.tfevents." + System.currentTimeMillis() / 1000 + "." + host
          + "." + ProcessHandle.current().pid() + "." + WRITERS.incrementAndGet());
      out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      write(Event.newBuilder().setWallTime(now()).setFileVersion("brain.Event:2").build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create TensorBoard events in " + folder + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  public void scalar(String tag, double value, long step) {
    Summary summary = Summary.newBuilder()
        .addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue((float) value))
        .build();
    write(Event.newBuilder().setWallTime(now()).setStep(step).setSummary(summary).build());
  }

  private void write(Event event) {
    byte[] payload = event.toByteArray();
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(payload.length);
    header.putInt(maskedCrc(header.array(), 0, 8));
    ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    footer.putInt(maskedCrc(payload, 0, payload.length));
    try {
      out.write(header.array());
      out.write(payload);
      out.write(footer.array());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write TensorBoard events to " + file + ": " + e.getMessage(), e);
    }
  }

  /** TFRecord's CRC: CRC32C rotated right by 15 bits plus a constant. */
  static int maskedCrc(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
