package org.vpr4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;

class EventWriterTest {
  @TempDir Path dir;

  /** Reads TFRecord framing back, checking both CRCs of every record. */
  static List<Event> readEvents(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (b.hasRemaining()) {
      byte[] len = new byte[8];
      b.get(len);
      long length = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
      assertEquals(EventWriter.maskedCrc(len, 0, 8), b.getInt(), "length crc");
      byte[] payload = new byte[(int) length];
      b.get(payload);
      assertEquals(EventWriter.maskedCrc(payload, 0, payload.length), b.getInt(), "payload crc");
      events.add(Event.parseFrom(payload));
    }
    return events;
  }

  @Test
  void scalarsRoundTripThroughTfRecordFraming() throws Exception {
    Path file;
    try (EventWriter w = new EventWriter(dir)) {
      w.scalar("Train/Loss", 0.25, 3);
      w.scalar("Val/Recall@1", 0.875, 1);
      file = w.file();
    }
    List<Event> events = readEvents(file);
    assertEquals(3, events.size());
    assertEquals("brain.Event:2", events.get(0).getFileVersion());
    assertEquals("Train/Loss", events.get(1).getSummary().getValue(0).getTag());
    assertEquals(0.25f, events.get(1).getSummary().getValue(0).getSimpleValue());
    assertEquals(3, events.get(1).getStep());
    assertEquals(0.875f, events.get(2).getSummary().getValue(0).getSimpleValue());
  }

  @Test
  void maskedCrcMatchesTensorflowsKnownValue() {
    // CRC32C("123456789") = 0xE3069283 (the standard check value); masked as TFRecord does.
    int c = 0xE3069283;
    int expected = ((c >>> 15) | (c << 17)) + 0xa282ead8;
    assertEquals(expected, EventWriter.maskedCrc("123456789".getBytes(), 0, 9));
  }
}
