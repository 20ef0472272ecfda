package io.parley.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The end-to-end content schema: every kind round-trips, with or without a reply context; content
 * written before the reply context existed still reads; malformed content is refused.
 */
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

  @TestFactory
  Stream<DynamicTest> everyKindRoundTripsWithAReplyContext() {
    return Samples.contents().stream()
        .map(
            content ->
                DynamicTest.dynamicTest(
                    content.kind().name(),
                    () -> {
                      byte[] encoded = Content.encode(content, "wamid.earlier");

                      Content.Envelope opened = Content.open(encoded);

                      assertEquals("wamid.earlier", opened.replyTo());
                      assertArrayEquals(content.encode(), opened.content().encode());
                      assertArrayEquals(
                          encoded, Content.encode(opened.content(), opened.replyTo()));
                    }));
  }

  @Test
  void withoutAReplyContextTheEncodingIsUnchangedAndOpensWithAnEmptyOne()
      throws WireFormatException {
    for (Content content : Samples.contents()) {
      assertArrayEquals(content.encode(), Content.encode(content, null));
      assertArrayEquals(content.encode(), Content.encode(content, ""));

      Content.Envelope opened = Content.open(content.encode());

      assertEquals("", opened.replyTo());
      assertArrayEquals(content.encode(), opened.content().encode());
    }
  }

  @Test
  void contentWrittenBeforeReplyContextsStillDecodesAndOpens() throws WireFormatException {
    // Version 1, text "hello": the bytes of the seed corpus, from before field 2 existed.
    byte[] old = {8, 1, 0x52, 7, 0x0a, 5, 'h', 'e', 'l', 'l', 'o'};

    assertEquals(new Content.Text("hello"), Content.decode(old));
    assertEquals(new Content.Envelope(new Content.Text("hello"), ""), Content.open(old));
  }

  @Test
  void decodeIgnoresTheReplyContext() throws WireFormatException {
    byte[] encoded = Content.encode(new Content.Text("yes"), "wamid.earlier");

    assertEquals(new Content.Text("yes"), Content.decode(encoded));
  }

  @Test
  void aReplyContextThatIsNotUtf8TextIsRefused() {
    byte[] encoded = {8, 1, 0x12, 1, (byte) 0xFF, 0x52, 0};

    assertThrows(WireFormatException.class, () -> Content.open(encoded));
  }

  @Test
  void openRefusesWhatDecodeRefuses() {
    byte[] outOfRange = Content.encode(new Content.Location(91, 0, "", ""), "wamid.earlier");

    assertThrows(WireFormatException.class, () -> Content.open(outOfRange));
    assertThrows(WireFormatException.class, () -> Content.open(new byte[] {8, 2, 0x52, 0}));
    assertThrows(WireFormatException.class, () -> Content.open(new byte[] {8, 1, 0x12, 1, 'x'}));
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
