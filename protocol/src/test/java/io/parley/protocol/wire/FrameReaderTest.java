package io.parley.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Length-prefixed framing: round trips, clean and unclean ends, and oversize frames. */
class FrameReaderTest {

  @Test
  void framesRoundTripWithEitherPrefix() throws IOException {
    for (LengthPrefix prefix : LengthPrefix.values()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      FrameWriter writer = new FrameWriter(out, prefix, 1000);
      writer.writeFrame(new byte[] {1, 2, 3});
      writer.writeFrame(new byte[0]);

      FrameReader reader = reader(out.toByteArray(), prefix, 1000);

      assertArrayEquals(new byte[] {1, 2, 3}, reader.readFrame());
      assertArrayEquals(new byte[0], reader.readFrame());
      assertNull(reader.readFrame());
    }
  }

  @Test
  void aLengthAboveTheMaximumIsRefusedBeforeTheBodyIsRead() {
    FrameReader reader = reader(new byte[] {0x7f, -1, -1, -1}, LengthPrefix.FOUR_BYTES, 1 << 16);

    assertThrows(WireFormatException.class, reader::readFrame);
  }

  @Test
  void aStreamEndingInsideAFrameIsAnError() {
    assertThrows(
        EOFException.class, reader(new byte[] {0}, LengthPrefix.TWO_BYTES, 100)::readFrame);
    assertThrows(
        EOFException.class,
        reader(new byte[] {0, 5, 1, 2}, LengthPrefix.TWO_BYTES, 100)::readFrame);
  }

  @Test
  void theWriterRefusesAnOversizeFrame() {
    FrameWriter writer = new FrameWriter(new ByteArrayOutputStream(), LengthPrefix.TWO_BYTES, 4);

    assertThrows(IllegalArgumentException.class, () -> writer.writeFrame(new byte[5]));
  }

  private static FrameReader reader(byte[] input, LengthPrefix prefix, int max) {
    return new FrameReader(new ByteArrayInputStream(input), prefix, max);
  }
}
