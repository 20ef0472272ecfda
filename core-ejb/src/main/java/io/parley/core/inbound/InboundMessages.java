package io.parley.core.inbound;

import io.parley.core.json.Jsons;
import io.parley.protocol.wire.Content;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/** Decrypted content as the on-prem inbound webhook message object (§5). */
public final class InboundMessages {

  private InboundMessages() {}

  /** The media types whose webhook object carries a caption (§5). */
  private static final Set<Content.MediaType> CAPTIONED =
      EnumSet.of(Content.MediaType.IMAGE, Content.MediaType.VIDEO, Content.MediaType.DOCUMENT);

  /**
   * The webhook message for {@code envelope} from {@code from}; {@code business} is the account's
   * wa_id, the sender of any message replied to; {@code mediaId} the media id given to the file of
   * a media message (one without is shown as unknown: it could not be fetched).
   */
  public static JsonObject message(
      String id,
      String from,
      long timestampMillis,
      Content.Envelope envelope,
      String business,
      String mediaId) {
    JsonObjectBuilder out =
        Jsons.createObjectBuilder()
            .add("from", from)
            .add("id", id)
            .add("timestamp", Long.toString(timestampMillis / 1000));
    Content content = envelope.content();
    if (content instanceof Content.Text text) {
      out.add("type", "text").add("text", Jsons.createObjectBuilder().add("body", text.body()));
    } else if (content instanceof Content.Location location) {
      JsonObjectBuilder body =
          Jsons.createObjectBuilder()
              .add("latitude", location.latitude())
              .add("longitude", location.longitude());
      if (!location.name().isEmpty()) {
        body.add("name", location.name());
      }
      if (!location.address().isEmpty()) {
        body.add("address", location.address());
      }
      out.add("type", "location").add("location", body);
    } else if (content instanceof Content.Contacts contacts) {
      try (JsonReader reader = Jsons.createReader(new StringReader(contacts.json()))) {
        out.add("type", "contacts").add("contacts", reader.readArray());
      } catch (RuntimeException e) {
        return unknown(id, from, timestampMillis);
      }
    } else if (content instanceof Content.InteractiveReply reply) {
      JsonObjectBuilder choice =
          Jsons.createObjectBuilder().add("id", reply.id()).add("title", reply.title());
      String kind;
      if (reply.listReply()) {
        kind = "list_reply";
        if (!reply.description().isEmpty()) {
          choice.add("description", reply.description());
        }
      } else {
        kind = "button_reply";
      }
      out.add("type", "interactive")
          .add("interactive", Jsons.createObjectBuilder().add("type", kind).add(kind, choice));
    } else if (content instanceof Content.TemplateButtonReply button) {
      out.add("type", "button")
          .add(
              "button",
              Jsons.createObjectBuilder()
                  .add("payload", button.payload())
                  .add("text", button.text()));
    } else if (content instanceof Content.Media media) {
      if (mediaId == null) {
        return unknown(id, from, timestampMillis);
      }
      String type = media.type().name().toLowerCase(Locale.ROOT);
      JsonObjectBuilder body =
          Jsons.createObjectBuilder()
              .add("id", mediaId)
              .add("mime_type", media.mimeType())
              .add("sha256", HexFormat.of().formatHex(media.plaintextSha256()));
      if (CAPTIONED.contains(media.type()) && !media.caption().isEmpty()) {
        body.add("caption", media.caption());
      }
      if (media.type() == Content.MediaType.DOCUMENT && !media.filename().isEmpty()) {
        body.add("filename", media.filename());
      }
      out.add("type", type).add(type, body);
    } else {
      // Kinds only a business sends (templates, interactive messages) are not expected from users.
      return unknown(id, from, timestampMillis);
    }
    if (!envelope.replyTo().isEmpty()) {
      out.add(
          "context",
          Jsons.createObjectBuilder().add("from", business).add("id", envelope.replyTo()));
    }
    return out.build();
  }

  /** A message Parley cannot show: on-prem's {@code unknown} type with error 501. */
  public static JsonObject unknown(String id, String from, long timestampMillis) {
    return Jsons.createObjectBuilder()
        .add("from", from)
        .add("id", id)
        .add("timestamp", Long.toString(timestampMillis / 1000))
        .add("type", "unknown")
        .add(
            "errors",
            Jsons.createArrayBuilder()
                .add(
                    Jsons.createObjectBuilder()
                        .add("code", 501)
                        .add("details", "Message type is not currently supported")
                        .add("title", "Unknown message type")))
        .build();
  }

  /** The system message for a user whose security code (identity key) changed. */
  public static JsonObject identityChanged(
      String id, String user, byte[] identity, long timestampMillis) {
    return Jsons.createObjectBuilder()
        .add("from", user)
        .add("id", id)
        .add("timestamp", Long.toString(timestampMillis / 1000))
        .add("type", "system")
        .add(
            "system",
            Jsons.createObjectBuilder()
                .add("body", "User " + user + "'s security code changed")
                .add("customer", user)
                .add("identity", identityHash(identity))
                .add("type", "customer_identity_changed"))
        .build();
  }

  /** The system message for a user who moved to a new number. */
  public static JsonObject numberChanged(
      String id, String user, String newWaId, long timestampMillis) {
    return Jsons.createObjectBuilder()
        .add("from", user)
        .add("id", id)
        .add("timestamp", Long.toString(timestampMillis / 1000))
        .add("type", "system")
        .add(
            "system",
            Jsons.createObjectBuilder()
                .add("body", "User " + user + " changed from " + user + " to " + newWaId)
                .add("new_wa_id", newWaId)
                .add("type", "user_changed_number"))
        .build();
  }

  /** The identity hash shown to the business: the first 8 bytes of SHA-256 of the key, base64. */
  public static String identityHash(byte[] identity) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(identity);
      return java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(digest, 8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
    }
  }
}
