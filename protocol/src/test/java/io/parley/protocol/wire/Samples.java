package io.parley.protocol.wire;

import java.util.List;

/**
 * One valid frame of every kind, as seeds for codec round trips, mutation tests and the fuzz
 * corpus.
 */
public final class Samples {

  private Samples() {}

  /** One frame per payload kind. */
  public static List<Frame> frames() {
    Payload.PreKey signed = new Payload.PreKey(1, filled(32, 1), filled(64, 2));
    Payload.PreKey oneTime = new Payload.PreKey(7, filled(32, 3), new byte[0]);
    return List.of(
        new Frame(1, new Payload.Login("15550001111", 1, 42)),
        new Frame(
            2, new Payload.Register("1", "5550001111", Payload.CodeMethod.SMS, filled(120, 8))),
        new Frame(3, new Payload.Verify("1", "5550001111", "123456", "")),
        new Frame(4, new Payload.RegisterResult(0, "15550001111", filled(80, 4))),
        new Frame(
            5,
            new Payload.Message(
                "m1",
                "15550001111",
                "15550002222",
                0,
                1_700_000_000L,
                filled(90, 5),
                Content.Kind.TEXT,
                null,
                "Ann")),
        new Frame(
            13,
            new Payload.Message(
                "m2",
                "15550001111",
                "15550002222",
                0,
                1_700_000_001L,
                filled(90, 5),
                Content.Kind.TEMPLATE,
                new Payload.TemplateRef("ns", "order_update", "en_US", 2))),
        new Frame(6, new Payload.Ack(5, 0)),
        new Frame(
            7,
            new Payload.Receipt("m1", "15550002222", "15550001111", Payload.ReceiptStatus.READ, 9)),
        new Frame(8, new Payload.PreKeyUpload(filled(64, 6), signed, List.of(oneTime, oneTime))),
        new Frame(9, new Payload.PreKeyBundleRequest("15550002222", 0)),
        new Frame(10, new Payload.PreKeyBundle("15550002222", 0, filled(64, 7), signed, oneTime)),
        new Frame(11, new Payload.Error(470, "re-engagement window closed")),
        new Frame(12, new Payload.Ping()),
        new Frame(
            14,
            new Payload.Receipt(
                "m3", "15550002222", "15550001111", Payload.ReceiptStatus.FAILED, 10, 410)),
        new Frame(
            15,
            new Payload.UserEvent(
                "e1",
                Payload.UserEventType.NUMBER_CHANGED,
                "15550002222",
                "15550003333",
                filled(64, 9),
                11)),
        new Frame(16, new Payload.ContactQuery(List.of("+1 555 000 2222", "15550009999"))),
        new Frame(
            17,
            new Payload.ContactResult(
                16,
                List.of(
                    new Payload.ContactStatus("+1 555 000 2222", "15550002222"),
                    new Payload.ContactStatus("15550009999", "")))),
        new Frame(18, new Payload.PreKeyStatus(3, true)),
        new Frame(19, new Payload.SetPin("123456")),
        new Frame(20, new Payload.SetShards(4)));
  }

  /** One content of every kind. */
  public static List<Content> contents() {
    return List.of(
        new Content.Text("hello"),
        new Content.Media(
            Content.MediaType.IMAGE,
            "blob-1",
            "image/jpeg",
            filled(32, 1),
            filled(32, 2),
            filled(32, 3),
            1000,
            1056,
            "a cat",
            ""),
        new Content.Location(52.37, 4.89, "Dam", "Amsterdam"),
        new Content.Contacts("[{\"name\":{\"formatted_name\":\"Ann\"}}]"),
        new Content.Interactive("{\"type\":\"button\"}"),
        new Content.InteractiveReply(true, "row-1", "First", "the first row"),
        new Content.Template("ns", "order_update", "en_US", "[]"),
        new Content.TemplateButtonReply("yes-payload", "Yes"));
  }

  private static byte[] filled(int length, int value) {
    byte[] out = new byte[length];
    java.util.Arrays.fill(out, (byte) value);
    return out;
  }
}
