package io.parley.core.messages;

import io.parley.core.json.Jsons;
import io.parley.persistence.messages.Message;
import io.parley.protocol.media.MediaDescriptor;
import io.parley.protocol.wire.Content;
import io.parley.protocol.wire.Payload;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Optional;

/**
 * Turns a validated outbound message into the end-to-end content its recipient's device decrypts,
 * and, for templates, the reference the network checks against its template registry.
 */
public final class ContentMapper {

  private ContentMapper() {}

  /** The content to encrypt, and the clear template reference (null unless a template). */
  public record Mapped(Content content, Payload.TemplateRef template) {}

  /** The stored body of an outbound message, as {@link MessageService} wrote it. */
  public static JsonObject storedBody(Message message) {
    try (JsonReader reader = Jsons.createReader(new StringReader(message.getBody()))) {
      return reader.readObject();
    }
  }

  /**
   * The content of a stored message: its body ({@code type} and {@code content}, see {@link
   * #storedBody}) and, for media, where its file was uploaded ({@link MediaUpload#toJson}).
   */
  public static Mapped mapStored(JsonObject body, Optional<String> mediaUpload) {
    return map(
        MessageType.of(body.getString("type")).orElseThrow(),
        body.getJsonObject("content"),
        mediaUpload.map(MediaUpload::parse).orElse(null));
  }

  /**
   * The content of a message of {@code type}; {@code upload} is where a media message's file was
   * uploaded (null for other types).
   */
  public static Mapped map(MessageType type, JsonObject content, MediaUpload upload) {
    return switch (type) {
      case TEXT -> new Mapped(new Content.Text(content.getString("body")), null);
      case LOCATION ->
          new Mapped(
              new Content.Location(
                  content.getJsonNumber("latitude").doubleValue(),
                  content.getJsonNumber("longitude").doubleValue(),
                  content.getString("name", ""),
                  content.getString("address", "")),
              null);
      case CONTACTS ->
          new Mapped(new Content.Contacts(content.getJsonArray("contacts").toString()), null);
      case INTERACTIVE -> new Mapped(new Content.Interactive(content.toString()), null);
      case TEMPLATE -> template(content);
      case HSM -> hsm(content);
      case IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER -> new Mapped(media(type, content, upload), null);
    };
  }

  /** The attachment: the uploaded blob, and the caption and file name the client gave. */
  private static Content.Media media(MessageType type, JsonObject content, MediaUpload upload) {
    if (upload == null) {
      throw new IllegalArgumentException("a media message is mapped once its file is uploaded");
    }
    MediaDescriptor descriptor = upload.descriptor();
    return new Content.Media(
        Content.MediaType.valueOf(type.name()),
        upload.blobId(),
        upload.mimeType(),
        descriptor.mediaKey(),
        descriptor.plaintextSha256(),
        descriptor.encryptedSha256(),
        descriptor.plaintextLength(),
        descriptor.encryptedLength(),
        content.getString("caption", ""),
        content.getString("filename", ""));
  }

  private static Mapped template(JsonObject template) {
    String namespace = template.getString("namespace");
    String name = template.getString("name");
    String language = template.getJsonObject("language").getString("code");
    JsonArray components =
        template.containsKey("components")
            ? template.getJsonArray("components")
            : JsonValue.EMPTY_JSON_ARRAY;
    return new Mapped(
        new Content.Template(namespace, name, language, components.toString()),
        new Payload.TemplateRef(namespace, name, language, parameterCount(components)));
  }

  /** The legacy form: {@code element_name} and {@code localizable_params}, all in the body. */
  private static Mapped hsm(JsonObject hsm) {
    String namespace = hsm.getString("namespace");
    String name = hsm.getString("element_name");
    String language = hsm.getJsonObject("language").getString("code");
    JsonArray params =
        hsm.containsKey("localizable_params")
            ? hsm.getJsonArray("localizable_params")
            : JsonValue.EMPTY_JSON_ARRAY;
    JsonArray components =
        Jsons.createArrayBuilder()
            .add(
                Jsons.createObjectBuilder()
                    .add("type", "body")
                    .add("parameters", legacyParameters(params)))
            .build();
    return new Mapped(
        new Content.Template(namespace, name, language, components.toString()),
        new Payload.TemplateRef(namespace, name, language, params.size()));
  }

  private static JsonArray legacyParameters(JsonArray params) {
    jakarta.json.JsonArrayBuilder out = Jsons.createArrayBuilder();
    for (JsonValue param : params) {
      JsonObject p = param.asJsonObject();
      out.add(
          Jsons.createObjectBuilder().add("type", "text").add("text", p.getString("default", "")));
    }
    return out.build();
  }

  /**
   * The placeholders a template's parameters fill: the parameters of the header and body, and of
   * URL buttons (a quick-reply payload fills no placeholder).
   */
  static int parameterCount(JsonArray components) {
    int count = 0;
    for (JsonValue value : components) {
      JsonObject component = value.asJsonObject();
      String type = component.getString("type", "");
      boolean counts =
          type.equals("header")
              || type.equals("body")
              || (type.equals("button") && component.getString("sub_type", "").equals("url"));
      if (counts && component.containsKey("parameters")) {
        for (JsonValue parameter : component.getJsonArray("parameters")) {
          String kind = parameter.asJsonObject().getString("type", "");
          if (kind.equals("text") || kind.equals("currency") || kind.equals("date_time")) {
            count++;
          }
        }
      }
    }
    return count;
  }
}
