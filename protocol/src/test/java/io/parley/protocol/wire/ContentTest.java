package io.parley.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The end-to-end content schema: every kind round-trips; malformed content is refused. */
class ContentTest {

  @TestFactory
  Stream<DynamicTest> everyKindRoundTrips() {
    return Samples.contents().stream()
        .map(
            content ->
                DynamicTest.dynamicTest(
                    content.kind().name(),
                    () -> {
                      byte[] encoded = content.encode();
                      Content decoded = Content.decode(encoded);
                      assertEquals(content.kind(), decoded.kind());
                      assertArrayEquals(encoded, decoded.encode());
                    }));
  }

  @Test
  void aLocationOutOfRangeIsRefused() {
    byte[] encoded = new Content.Location(91, 0, "", "").encode();

    assertThrows(WireFormatException.class, () -> Content.decode(encoded));
  }

  @Test
  void aNonFiniteCoordinateIsRefused() {
    byte[] encoded = new Content.Location(Double.NaN, 0, "", "").encode();

    assertThrows(WireFormatException.class, () -> Content.decode(encoded));
  }

  @Test
  void anotherVersionOrNoKindIsRefused() {
    assertThrows(WireFormatException.class, () -> Content.decode(new byte[] {8, 2, 0x52, 0}));
    assertThrows(WireFormatException.class, () -> Content.decode(new byte[] {8, 1}));
  }

  @Test
  void theMessageFrameCarriesTheKindAndTemplateInClear() throws WireFormatException {
    Frame frame = Samples.frames().stream().filter(f -> f.id() == 13).findFirst().orElseThrow();

    Payload.Message message = (Payload.Message) Frame.decode(frame.encode()).payload();

    assertEquals(Content.Kind.TEMPLATE, message.kind());
    assertEquals(new Payload.TemplateRef("ns", "order_update", "en_US", 2), message.template());
  }
}
