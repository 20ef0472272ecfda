package io.parley.sandbox;

import io.parley.protocol.wire.Content;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * End-to-end content as the control API shows it in an inbox, and as a control API request asks a
 * virtual user to send it, in the shapes of the On-Premises API's inbound webhook messages; the
 * reply context as their {@code context: {"message_id": ...}}.
 */
final class ContentJson {

  /**
   * Template parameters that carry a header's media (as the business gave them, id or link), which
   * fill no text placeholder.
   */
  private static final Set<String> MEDIA_PARAMETERS = Set.of("image", "document", "video");

  private ContentJson() {}

  /** Stores encrypted media for a user's outgoing message. */
  interface MediaUploader {
    Content.Media upload(
        Content.MediaType type, byte[] bytes, String mimeType, String caption, String filename)
        throws IOException;
  }

  /** The On-Premises message type of {@code content}. */
  static String type(Content content) {
    return switch (content.kind()) {
      case TEXT -> "text";
      case MEDIA -> ((Content.Media) content).type().name().toLowerCase(Locale.ROOT);
      case LOCATION -> "location";
      case CONTACTS -> "contacts";
      case INTERACTIVE, INTERACTIVE_REPLY -> "interactive";
      case TEMPLATE -> "template";
      case TEMPLATE_BUTTON_REPLY -> "button";
    };
  }

  /** {@code content} as an inbox shows it. */
  static JsonObject toJson(Content content) {
    JsonObjectBuilder out = Json.createObjectBuilder();
    if (content instanceof Content.Text text) {
      out.add("body", text.body());
    } else if (content instanceof Content.Media media) {
      out.add("blob_id", media.blobId())
          .add("mime_type", media.mimeType())
          .add("sha256", HexFormat.of().formatHex(media.plaintextSha256()))
          .add("size", media.plaintextLength())
          .add("caption", media.caption())
          .add("filename", media.filename());
    } else if (content instanceof Content.Location location) {
      out.add("latitude", location.latitude())
          .add("longitude", location.longitude())
          .add("name", location.name())
          .add("address", location.address());
    } else if (content instanceof Content.Contacts contacts) {
      out.add("contacts", parseArray(contacts.json()));
    } else if (content instanceof Content.Interactive interactive) {
      out.add("interactive", JsonText.parse(interactive.json()));
    } else if (content instanceof Content.InteractiveReply reply) {
      String kind = reply.listReply() ? "list_reply" : "button_reply";
      JsonObjectBuilder body =
          Json.createObjectBuilder().add("id", reply.id()).add("title", reply.title());
      if (reply.listReply()) {
        body.add("description", reply.description());
      }
      out.add("type", kind).add(kind, body);
    } else if (content instanceof Content.Template template) {
      out.add("namespace", template.namespace())
          .add("name", template.name())
          .add("language", template.language())
          .add("components", parseArray(template.componentsJson()));
    } else if (content instanceof Content.TemplateButtonReply button) {
      out.add("payload", button.payload()).add("text", button.text());
    }
    return out.build();
  }

  /** The On-Premises {@code context} of a message replying to message {@code replyTo}. */
  static JsonObject context(String replyTo) {
    return Json.createObjectBuilder().add("message_id", replyTo).build();
  }

  /**
   * The id of the message that {@code message} (a send request or an inbox entry) replies to: its
   * {@code context.message_id}, or empty when it has no context.
   */
  static String replyTo(JsonObject message) {
    JsonValue context = message.get("context");
    if (context == null || context.getValueType() == JsonValue.ValueType.NULL) {
      return "";
    }
    if (context.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new JsonText.BadRequest("'context' must be an object");
    }
    return required(context.asJsonObject(), "message_id");
  }

  /** The template's text with the message's parameters filled in, added to {@code json}. */
  static JsonObject withRendering(JsonObject json, Content.Template content, Templates templates) {
    Templates.Template template =
        templates.find(content.namespace(), content.name(), content.language());
    if (template == null) {
      return json;
    }
    List<String> parameters = new ArrayList<>();
    for (JsonValue component : parseArray(content.componentsJson())) {
      if (component.getValueType() != JsonValue.ValueType.OBJECT) {
        continue;
      }
      JsonValue given = component.asJsonObject().get("parameters");
      if (given == null || given.getValueType() != JsonValue.ValueType.ARRAY) {
        continue;
      }
      for (JsonValue parameter : given.asJsonArray()) {
        if (parameter.getValueType() == JsonValue.ValueType.OBJECT
            && !MEDIA_PARAMETERS.contains(JsonText.string(parameter.asJsonObject(), "type", ""))) {
          parameters.add(parameterText(parameter.asJsonObject()));
        }
      }
    }
    return Json.createObjectBuilder(json).add("rendered", template.render(parameters)).build();
  }

  private static String parameterText(JsonObject parameter) {
    String type = JsonText.string(parameter, "type", "text");
    JsonValue nested = parameter.get(type);
    if (nested != null && nested.getValueType() == JsonValue.ValueType.OBJECT) {
      return JsonText.string(nested.asJsonObject(), "fallback_value", "");
    }
    if (nested != null && nested.getValueType() == JsonValue.ValueType.STRING) {
      return parameter.getString(type);
    }
    return JsonText.string(parameter, "text", "");
  }

  /**
   * The content a control API send request describes: {@code type} and an object of that name, as a
   * user's message in the On-Premises webhook looks (text, image/audio/video/document/sticker/voice
   * with base64 {@code data}, location, contacts, interactive button or list reply, button).
   */
  static Content fromRequest(JsonObject request, MediaUploader uploader) throws IOException {
    String type = JsonText.string(request, "type", "text");
    JsonObject body = type.equals("contacts") ? null : object(request, type);
    switch (type) {
      case "text":
        return new Content.Text(required(body, "body"));
      case "image", "audio", "video", "document", "sticker", "voice":
        byte[] bytes;
        try {
          bytes = Base64.getDecoder().decode(required(body, "data"));
        } catch (IllegalArgumentException e) {
          throw new JsonText.BadRequest("'data' must be base64");
        }
        return uploader.upload(
            Content.MediaType.valueOf(type.toUpperCase(Locale.ROOT)),
            bytes,
            JsonText.string(body, "mime_type", "application/octet-stream"),
            JsonText.string(body, "caption", ""),
            JsonText.string(body, "filename", ""));
      case "location":
        return new Content.Location(
            number(body, "latitude"),
            number(body, "longitude"),
            JsonText.string(body, "name", ""),
            JsonText.string(body, "address", ""));
      case "contacts":
        JsonValue contacts = request.get("contacts");
        if (contacts == null || contacts.getValueType() != JsonValue.ValueType.ARRAY) {
          throw new JsonText.BadRequest("'contacts' must be an array");
        }
        return new Content.Contacts(contacts.toString());
      case "interactive":
        String kind = JsonText.string(body, "type", "");
        if (!kind.equals("button_reply") && !kind.equals("list_reply")) {
          throw new JsonText.BadRequest("interactive 'type' is button_reply or list_reply");
        }
        JsonObject reply = object(body, kind);
        return new Content.InteractiveReply(
            kind.equals("list_reply"),
            required(reply, "id"),
            required(reply, "title"),
            JsonText.string(reply, "description", ""));
      case "button":
        return new Content.TemplateButtonReply(required(body, "payload"), required(body, "text"));
      default:
        throw new JsonText.BadRequest("a user cannot send '" + type + "'");
    }
  }

  private static JsonObject object(JsonObject parent, String name) {
    JsonValue value = parent.get(name);
    if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new JsonText.BadRequest("'" + name + "' must be an object");
    }
    return value.asJsonObject();
  }

  private static String required(JsonObject object, String name) {
    String value = JsonText.string(object, name, null);
    if (value == null) {
      throw new JsonText.BadRequest("'" + name + "' is required");
    }
    return value;
  }

  private static double number(JsonObject object, String name) {
    JsonValue value = object.get(name);
    if (value == null || value.getValueType() != JsonValue.ValueType.NUMBER) {
      throw new JsonText.BadRequest("'" + name + "' must be a number");
    }
    return object.getJsonNumber(name).doubleValue();
  }

  private static JsonArray parseArray(String json) {
    try (var reader = Json.createReader(new java.io.StringReader(json))) {
      return reader.readArray();
    } catch (RuntimeException e) {
      return JsonValue.EMPTY_JSON_ARRAY;
    }
  }
}
