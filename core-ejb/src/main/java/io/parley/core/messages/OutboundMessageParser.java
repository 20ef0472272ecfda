package io.parley.core.messages;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a {@code POST /v1/messages} body the way the on-prem WebApp did, before anything is
 * stored: 1008 for a missing parameter, 1009 for a bad value, 1010 for a parameter that does not
 * belong to the message type, 1001 for a text over 4096 characters, 1002 for a recipient type other
 * than {@code individual}, 2015/2016 for list sections and rows. Rules that need the network
 * (templates known, the 24-hour window) are checked later, when the message is sent.
 */
public final class OutboundMessageParser {

  static final int MAX_TEXT = 4096;
  private static final int MAX_CAPTION = 1024;
  private static final Set<String> MEDIA_PARAMETERS = Set.of("image", "document", "video");

  private OutboundMessageParser() {}

  public static OutboundMessage parse(JsonObject body) {
    JsonReader request = new JsonReader(body, "");
    String to = recipient(request);
    String recipientType = request.optionalString("recipient_type").orElse("individual");
    if (!recipientType.equals("individual")) {
      throw new ApiException(
          ErrorCode.INVALID_RECIPIENT_TYPE,
          "Parameter 'recipient_type' has invalid value '" + recipientType + "'");
    }
    String typeName = request.optionalString("type").orElse("text");
    MessageType type =
        MessageType.of(typeName).orElseThrow(() -> ApiException.invalid("type", typeName));
    for (MessageType other : MessageType.values()) {
      if (other != type) {
        request.forbid(other.field(), type.field());
      }
    }
    if (!request.has(type.field())) {
      throw new ApiException(
          ErrorCode.MISSING_PARAMETER,
          "Parameter '" + type.field() + "' is mandatory for type '" + type.field() + "'");
    }
    boolean previewUrl = request.optionalBoolean("preview_url").orElse(false);
    if (type != MessageType.TEXT) {
      request.forbid("preview_url", type.field());
    }
    Optional<String> ttl = request.optionalText("ttl");
    if (ttl.isPresent() && ttl.get().isBlank()) {
      throw ApiException.invalid("Parameter 'ttl' must not be empty");
    }
    Optional<String> replyTo =
        request.optionalObject("context").map(context -> context.requiredString("message_id", 256));

    JsonObject content = contentOf(request, type);
    return new OutboundMessage(to, type, content, replyTo, previewUrl, ttl);
  }

  private static String recipient(JsonReader request) {
    String to = request.optionalText("to").orElseThrow(() -> ApiException.missing("to"));
    String digits = to.replaceAll("[\\s+()\\-.]", "");
    if (digits.isEmpty() || digits.length() > 20 || !digits.chars().allMatch(Character::isDigit)) {
      throw ApiException.invalid("to", to);
    }
    return digits;
  }

  private static JsonObject contentOf(JsonReader request, MessageType type) {
    if (type == MessageType.CONTACTS) {
      contacts(request);
      return Jsons.createObjectBuilder()
          .add("contacts", request.raw().getJsonArray("contacts"))
          .build();
    }
    JsonReader content = request.requiredObject(type.field());
    switch (type) {
      case TEXT -> text(content);
      case IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER -> media(content, type);
      case LOCATION -> location(content);
      case INTERACTIVE -> interactive(content);
      case TEMPLATE -> template(content);
      case HSM -> hsm(content);
      default -> throw new IllegalStateException("unhandled type " + type);
    }
    return content.raw();
  }

  private static void text(JsonReader text) {
    String body = text.requiredString("body");
    if (body.isEmpty()) {
      throw ApiException.invalid("Parameter 'text.body' must not be empty");
    }
    if (body.length() > MAX_TEXT) {
      throw new ApiException(
          ErrorCode.MESSAGE_TOO_LONG, "Parameter 'text.body' is longer than 4096 characters");
    }
  }

  static void media(JsonReader media, MessageType type) {
    boolean id = media.has("id");
    boolean link = media.has("link");
    if (id == link) {
      throw id
          ? ApiException.invalid(
              "Parameters '" + media.path("id") + "' and 'link' cannot both be given")
          : new ApiException(
              ErrorCode.MISSING_PARAMETER,
              "Parameter '" + media.path("id") + "' or '" + media.path("link") + "' is mandatory");
    }
    if (id) {
      media.requiredString("id", 256);
      // a provider names the credentials for fetching a link: meaningless with an uploaded id
      media.forbid("provider", type.field());
    } else {
      checkUrl(media, "link");
      media.optionalObject("provider").ifPresent(provider -> provider.requiredString("name", 256));
    }
    if (type == MessageType.AUDIO || type == MessageType.STICKER) {
      media.forbid("caption", type.field());
    } else {
      media.optionalString("caption", MAX_CAPTION);
    }
    if (type != MessageType.DOCUMENT) {
      media.forbid("filename", type.field());
    } else {
      media.optionalString("filename", 240);
    }
  }

  private static void checkUrl(JsonReader reader, String name) {
    String value = reader.requiredString(name, 2048);
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (uri.getHost() == null
          || scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        throw ApiException.invalid(reader.path(name), value);
      }
      if (uri.getRawUserInfo() != null) {
        // not echoed: it holds credentials, which belong in a media provider
        throw ApiException.invalid(
            "Parameter '"
                + reader.path(name)
                + "' must not hold credentials: configure a media provider and name it");
      }
    } catch (URISyntaxException e) {
      throw ApiException.invalid(reader.path(name), value);
    }
  }

  private static void location(JsonReader location) {
    location.requiredNumber("latitude", -90, 90);
    location.requiredNumber("longitude", -180, 180);
    location.optionalString("name", 1000);
    location.optionalString("address", 1000);
  }

  private static void contacts(JsonReader request) {
    JsonArray contacts = request.requiredArray("contacts");
    for (int i = 0; i < contacts.size(); i++) {
      JsonReader contact = request.element(contacts, "contacts", i);
      contact.requiredObject("name").requiredString("formatted_name", 1000);
      for (String list : new String[] {"addresses", "emails", "phones", "urls", "ims"}) {
        contact
            .optionalArray(list)
            .ifPresent(
                array -> {
                  for (int j = 0; j < array.size(); j++) {
                    contact.element(array, list, j);
                  }
                });
      }
      contact.optionalObject("org");
      contact
          .optionalString("birthday")
          .filter(b -> !b.matches("\\d{4}-\\d{2}-\\d{2}"))
          .ifPresent(
              b -> {
                throw ApiException.invalid(contact.path("birthday"), b);
              });
    }
  }

  private static void interactive(JsonReader interactive) {
    String kind = interactive.requiredString("type");
    JsonReader action = interactive.requiredObject("action");
    interactive.optionalObject("footer").ifPresent(footer -> footer.requiredString("text", 60));
    switch (kind) {
      case "button" -> {
        interactive.requiredObject("body").requiredString("text", 1024);
        buttons(action);
      }
      case "list" -> {
        interactive.requiredObject("body").requiredString("text", 1024);
        action.requiredString("button", 20);
        sections(action, "rows", 10);
      }
      case "product" -> {
        action.requiredString("catalog_id", 256);
        action.requiredString("product_retailer_id", 256);
      }
      case "product_list" -> {
        JsonReader header = interactive.requiredObject("header");
        if (!header.requiredString("type").equals("text")) {
          throw ApiException.invalid(header.path("type"), header.raw().get("type"));
        }
        header.requiredString("text", 60);
        interactive.requiredObject("body").requiredString("text", 1024);
        action.requiredString("catalog_id", 256);
        sections(action, "product_items", 30);
      }
      default -> throw ApiException.invalid(interactive.path("type"), kind);
    }
  }

  private static void buttons(JsonReader action) {
    JsonArray buttons = action.requiredArray("buttons");
    if (buttons.size() > 3) {
      throw ApiException.invalid("Parameter '" + action.path("buttons") + "' holds more than 3");
    }
    Set<String> ids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (int i = 0; i < buttons.size(); i++) {
      JsonReader button = action.element(buttons, "buttons", i);
      if (!button.requiredString("type").equals("reply")) {
        throw ApiException.invalid(button.path("type"), button.raw().get("type"));
      }
      JsonReader reply = button.requiredObject("reply");
      if (!ids.add(reply.requiredString("id", 256))
          || !titles.add(reply.requiredString("title", 20))) {
        throw ApiException.invalid("Button ids and titles must be unique");
      }
    }
  }

  /** Sections of a list (rows) or a product list (product items), with their counts. */
  private static void sections(JsonReader action, String itemsName, int maxItems) {
    JsonArray sections =
        action
            .optionalArray("sections")
            .orElseThrow(() -> ApiException.missing(action.path("sections")));
    if (sections.isEmpty() || sections.size() > 10) {
      throw new ApiException(
          ErrorCode.INVALID_SECTIONS, "A list needs 1 to 10 sections, not " + sections.size());
    }
    int items = 0;
    for (int i = 0; i < sections.size(); i++) {
      JsonReader section = action.element(sections, "sections", i);
      if (sections.size() > 1) {
        section.requiredString("title", 24);
      } else {
        section.optionalString("title", 24);
      }
      JsonArray rows =
          section
              .optionalArray(itemsName)
              .orElseThrow(() -> ApiException.missing(section.path(itemsName)));
      for (int j = 0; j < rows.size(); j++) {
        JsonReader row = section.element(rows, itemsName, j);
        if (itemsName.equals("rows")) {
          row.requiredString("id", 200);
          row.requiredString("title", 24);
          row.optionalString("description", 72);
        } else {
          row.requiredString("product_retailer_id", 256);
        }
      }
      items += rows.size();
    }
    if (items < 1 || items > maxItems) {
      throw new ApiException(
          ErrorCode.INVALID_ROWS, "A list needs 1 to " + maxItems + " rows in all, not " + items);
    }
  }

  private static void template(JsonReader template) {
    template.requiredString("namespace", 256);
    template.requiredString("name", 512);
    language(template);
    template
        .optionalArray("components")
        .ifPresent(
            components -> {
              for (int i = 0; i < components.size(); i++) {
                component(template.element(components, "components", i));
              }
            });
  }

  private static void language(JsonReader owner) {
    JsonReader language = owner.requiredObject("language");
    String policy = language.optionalString("policy").orElse("deterministic");
    if (!policy.equals("deterministic") && !policy.equals("fallback")) {
      throw ApiException.invalid(language.path("policy"), policy);
    }
    language.requiredString("code", 16);
  }

  private static void component(JsonReader component) {
    String type = component.requiredString("type");
    switch (type) {
      case "header", "body" -> {}
      case "button" -> {
        String subType = component.requiredString("sub_type");
        if (!subType.equals("quick_reply") && !subType.equals("url")) {
          throw ApiException.invalid(component.path("sub_type"), subType);
        }
        String index =
            component
                .optionalText("index")
                .orElseThrow(() -> ApiException.missing(component.path("index")));
        if (!index.matches("[0-2]")) {
          throw ApiException.invalid(component.path("index"), index);
        }
      }
      default -> throw ApiException.invalid(component.path("type"), type);
    }
    component
        .optionalArray("parameters")
        .ifPresent(
            parameters -> {
              for (int i = 0; i < parameters.size(); i++) {
                parameter(component.element(parameters, "parameters", i));
              }
            });
  }

  private static void parameter(JsonReader parameter) {
    String type = parameter.requiredString("type");
    switch (type) {
      case "text" -> parameter.requiredString("text", 32768);
      case "payload" -> parameter.requiredString("payload", 256);
      case "currency" -> {
        JsonReader currency = parameter.requiredObject("currency");
        currency.requiredString("fallback_value", 256);
        currency.requiredString("code", 3);
        currency
            .optionalLong("amount_1000")
            .orElseThrow(() -> ApiException.missing(currency.path("amount_1000")));
      }
      case "date_time" -> {
        JsonReader dateTime = parameter.requiredObject("date_time");
        dateTime.requiredString("fallback_value", 256);
      }
      case "image", "document", "video" -> {
        if (parameter.has(type)) {
          media(parameter.requiredObject(type), MessageType.of(type).orElseThrow());
        } else {
          // the older flat form: {"type":"image","link":"..."}
          checkUrl(parameter, "link");
        }
      }
      default -> throw ApiException.invalid(parameter.path("type"), type);
    }
    if (!MEDIA_PARAMETERS.contains(type) && parameter.has("link")) {
      parameter.forbid("link", type);
    }
  }

  private static void hsm(JsonReader hsm) {
    hsm.requiredString("namespace", 256);
    hsm.requiredString("element_name", 512);
    language(hsm);
    hsm.optionalArray("localizable_params");
  }
}
