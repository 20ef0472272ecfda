package io.parley.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The payload schema: every frame kind round-trips, and the decoder's refusals. */
class FrameCodecTest {

  @TestFactory
  Stream<DynamicTest> everyFrameKindRoundTrips() {
    return Samples.frames().stream()
        .map(
            frame ->
                DynamicTest.dynamicTest(
                    frame.payload().getClass().getSimpleName(),
                    () -> {
                      byte[] encoded = frame.encode();
                      Frame decoded = Frame.decode(encoded);
                      assertEquals(frame.id(), decoded.id());
                      assertEquals(frame.payload().getClass(), decoded.payload().getClass());
                      assertArrayEquals(encoded, decoded.encode());
                    }));
  }

  @Test
  void anotherVersionIsRefused() {
    byte[] encoded = new Frame(2, 1, new Payload.Ping()).encode();

    assertThrows(WireFormatException.class, () -> Frame.decode(encoded));
  }

  @Test
  void unknownFieldsAreSkipped() throws WireFormatException {
    byte[] withUnknown =
        append(new Frame(1, new Payload.Ack(5, 0)).encode(), (byte) (99 << 3), (byte) 1);

    assertEquals(new Payload.Ack(5, 0), Frame.decode(withUnknown).payload());
  }

  @Test
  void fieldNumberZeroIsRefused() {
    byte[] withZeroTag = append(new Frame(1, new Payload.Ack(5, 0)).encode(), (byte) 0, (byte) 1);

    assertThrows(WireFormatException.class, () -> Frame.decode(withZeroTag));
  }

  private static byte[] append(byte[] bytes, byte... more) {
    byte[] out = java.util.Arrays.copyOf(bytes, bytes.length + more.length);
    System.arraycopy(more, 0, out, bytes.length, more.length);
    return out;
  }

  @Test
  void aFrameWithoutPayloadOrWithTwoIsRefused() {
    byte[] ping = new Frame(1, new Payload.Ping()).encode();
    byte[] twice = new byte[ping.length + 2];
    System.arraycopy(ping, 0, twice, 0, ping.length);
    twice[ping.length] = (byte) ((21 << 3) | 2);
    twice[ping.length + 1] = 0;

    assertThrows(WireFormatException.class, () -> Frame.decode(new byte[] {8, 1}));
    assertThrows(WireFormatException.class, () -> Frame.decode(twice));
  }

  @Test
  void aLengthBeyondTheInputIsRefusedWithoutAllocating() {
    // Frame field 14 (message), length 2^31-1, nothing after it.
    byte[] bomb = {8, 1, (byte) 0x72, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};

    assertThrows(WireFormatException.class, () -> Frame.decode(bomb));
  }

  @Test
  void anUnknownEnumValueIsRefused() {
    byte[] receipt =
        new Frame(1, new Payload.Receipt("m", "a", "b", Payload.ReceiptStatus.READ, 0)).encode();
    byte[] tampered = receipt.clone();
    for (int i = 0; i < tampered.length - 1; i++) {
      if (tampered[i] == (4 << 3) && tampered[i + 1] == 2) {
        tampered[i + 1] = 9;
      }
    }

    assertThrows(WireFormatException.class, () -> Frame.decode(tampered));
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] error = {8, 1, (byte) 0xA2, 0x01, 4, 0x12, 2, (byte) 0xC3, 0x28};

    assertThrows(WireFormatException.class, () -> Frame.decode(error));
  }

  @Test
  void tooManyOneTimePrekeysAreRefused() {
    Payload.PreKey key = new Payload.PreKey(1, new byte[32], new byte[0]);
    java.util.List<Payload.PreKey> keys =
        java.util.Collections.nCopies(Payload.MAX_ONE_TIME_PREKEYS + 1, key);
    byte[] upload = new Frame(1, new Payload.PreKeyUpload(new byte[64], key, keys)).encode();

    assertThrows(WireFormatException.class, () -> Frame.decode(upload));
  }
}
