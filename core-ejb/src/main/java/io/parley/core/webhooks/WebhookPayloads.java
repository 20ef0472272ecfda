package io.parley.core.webhooks;

import io.parley.core.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;

/** The webhook payload shapes of the On-Premises API (§5): statuses, inbound messages, batches. */
public final class WebhookPayloads {

  static final String ERRORS_HREF = "https://developers.facebook.com/docs/whatsapp/api/errors/";

  private static final Map<Integer, String> TITLES =
      Map.ofEntries(
          Map.entry(400, "Media download error"),
          Map.entry(410, "Message expired"),
          Map.entry(429, "Rate limit hit"),
          Map.entry(
              470,
              "Message failed to send because more than 24 hours have passed since the customer"
                  + " last replied to this number"),
          Map.entry(471, "Spam rate limit hit"),
          Map.entry(480, "User potentially changed"),
          Map.entry(500, "Generic error"),
          Map.entry(1006, "Resource not found"),
          Map.entry(1009, "Parameter value is not valid"),
          Map.entry(1013, "User is not valid"),
          Map.entry(1014, "Internal error"),
          Map.entry(1026, "Receiver incapable"),
          Map.entry(2000, "Number of parameters does not match the expected number of params"),
          Map.entry(2001, "Template missing"),
          Map.entry(2003, "Template missing for the language"),
          Map.entry(2008, "Media format unsupported"));

  private WebhookPayloads() {}

  /** The title of an on-prem message-level error code. */
  public static String title(int code) {
    return TITLES.getOrDefault(code, "Message failed to send");
  }

  /** {@code {"statuses":[...]}} for one status of an outbound message. */
  public static JsonObject status(
      String messageId, String recipient, String status, long timestampMillis, int errorCode) {
    return status(messageId, recipient, status, timestampMillis, errorCode, null);
  }

  /**
   * {@code {"statuses":[...]}} for one status of an outbound message; a {@code failed} one's error
   * carries {@code details} when not null (why a media link could not be fetched, say).
   */
  public static JsonObject status(
      String messageId,
      String recipient,
      String status,
      long timestampMillis,
      int errorCode,
      String details) {
    JsonObjectBuilder entry =
        Jsons.createObjectBuilder()
            .add("id", messageId)
            .add("recipient_id", recipient)
            .add("status", status)
            .add("timestamp", Long.toString(timestampMillis / 1000));
    if (status.equals("failed")) {
      JsonObjectBuilder error =
          Jsons.createObjectBuilder().add("code", errorCode).add("title", title(errorCode));
      if (details != null) {
        error.add("details", details);
      }
      entry.add("errors", Jsons.createArrayBuilder().add(error.add("href", ERRORS_HREF)));
    }
    return Jsons.createObjectBuilder()
        .add("statuses", Jsons.createArrayBuilder().add(entry))
        .build();
  }

  /**
   * {@code {"contacts":[{"profile":{"name":..},"wa_id":..}],"messages":[message]}} for one inbound
   * message from {@code from}.
   */
  public static JsonObject inbound(String from, String profileName, JsonObject message) {
    JsonObjectBuilder contact = Jsons.createObjectBuilder();
    if (profileName != null && !profileName.isEmpty()) {
      contact.add("profile", Jsons.createObjectBuilder().add("name", profileName));
    }
    contact.add("wa_id", from);
    return Jsons.createObjectBuilder()
        .add("contacts", Jsons.createArrayBuilder().add(contact))
        .add("messages", Jsons.createArrayBuilder().add(message))
        .build();
  }

  /** {@code {"messages":[message]}}: a system message, which names no sender contact. */
  public static JsonObject system(JsonObject message) {
    return Jsons.createObjectBuilder()
        .add("messages", Jsons.createArrayBuilder().add(message))
        .build();
  }

  /**
   * Several payloads in one: the arrays of each top-level field ({@code contacts}, {@code
   * messages}, {@code statuses}, {@code errors}) concatenated in order.
   */
  public static JsonObject batch(List<JsonObject> payloads) {
    if (payloads.size() == 1) {
      return payloads.get(0);
    }
    Map<String, JsonArrayBuilder> fields = new java.util.LinkedHashMap<>();
    for (String name : List.of("contacts", "messages", "statuses", "errors")) {
      fields.put(name, Jsons.createArrayBuilder());
    }
    Map<String, Boolean> used = new java.util.HashMap<>();
    for (JsonObject payload : payloads) {
      for (Map.Entry<String, JsonValue> field : payload.entrySet()) {
        JsonArrayBuilder target = fields.get(field.getKey());
        if (target != null && field.getValue() instanceof JsonArray array) {
          array.forEach(target::add);
          used.put(field.getKey(), true);
        }
      }
    }
    JsonObjectBuilder out = Jsons.createObjectBuilder();
    fields.forEach(
        (name, builder) -> {
          if (used.containsKey(name)) {
            out.add(name, builder);
          }
        });
    return out.build();
  }
}
