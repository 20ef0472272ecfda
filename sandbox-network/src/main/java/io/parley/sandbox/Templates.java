package io.parley.sandbox;

import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Payload;
import io.parley.sandbox.store.Journal;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message template registry: templates by namespace, name and language, with their components
 * and the number of parameters they take, managed through the control API.
 */
final class Templates {

  private static final String PREFIX = "tpl/";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\d+)}}");

  /** One template in one language. */
  record Template(
      String namespace, String name, String language, JsonArray components, int parameterCount) {

    JsonObject toJson() {
      return Json.createObjectBuilder()
          .add("namespace", namespace)
          .add("name", name)
          .add("language", language)
          .add("components", components)
          .add("parameter_count", parameterCount)
          .build();
    }

    /** The body text with {@code parameters} filled in, for a user's inbox. */
    String render(List<String> parameters) {
      StringBuilder text = new StringBuilder();
      for (JsonValue component : components) {
        if (component.getValueType() != JsonValue.ValueType.OBJECT) {
          continue;
        }
        String body = JsonText.string(component.asJsonObject(), "text", null);
        if (body == null) {
          continue;
        }
        Matcher matcher = PLACEHOLDER.matcher(body);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
          int index = Integer.parseInt(matcher.group(1)) - 1;
          String value = index < parameters.size() ? parameters.get(index) : matcher.group();
          matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        if (text.length() > 0) {
          text.append('\n');
        }
        text.append(filled);
      }
      return text.toString();
    }
  }

  private final Journal journal;

  Templates(Journal journal) {
    this.journal = journal;
  }

  /** Adds or replaces a template from its control API JSON. */
  Template define(JsonObject json) {
    String namespace = JsonText.string(json, "namespace", null);
    String name = JsonText.string(json, "name", null);
    String language = JsonText.string(json, "language", null);
    if (namespace == null || name == null || language == null) {
      throw new JsonText.BadRequest("a template needs namespace, name and language");
    }
    if ((namespace + name + language).contains("/")) {
      throw new JsonText.BadRequest("namespace, name and language must not contain '/'");
    }
    JsonValue components = json.get("components");
    JsonArray array =
        components == null || components.getValueType() != JsonValue.ValueType.ARRAY
            ? JsonValue.EMPTY_JSON_ARRAY
            : components.asJsonArray();
    int count = (int) JsonText.number(json, "parameter_count", countPlaceholders(array));
    Template template = new Template(namespace, name, language, array, count);
    journal.put(key(namespace, name, language), JsonText.bytes(template.toJson())).join();
    return template;
  }

  /** Removes a template; whether it existed. */
  boolean remove(String namespace, String name, String language) {
    String key = key(namespace, name, language);
    if (journal.get(key) == null) {
      return false;
    }
    journal.delete(key).join();
    return true;
  }

  Template find(String namespace, String name, String language) {
    byte[] stored = journal.get(key(namespace, name, language));
    return stored == null ? null : fromJson(JsonText.parse(stored));
  }

  /** Every template, as JSON. */
  JsonArray all() {
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (byte[] stored : journal.prefixed(PREFIX).values()) {
      out.add(JsonText.parse(stored));
    }
    return out.build();
  }

  /** The error code for a message using {@code ref}, or {@link ErrorCodes#OK}. */
  int check(Payload.TemplateRef ref) {
    if (ref == null) {
      return ErrorCodes.TEMPLATE_MISSING;
    }
    Template template = find(ref.namespace(), ref.name(), ref.language());
    if (template == null) {
      boolean otherLanguage =
          !journal.prefixed(PREFIX + ref.namespace() + "/" + ref.name() + "/").isEmpty();
      return otherLanguage ? ErrorCodes.TEMPLATE_LANGUAGE_MISSING : ErrorCodes.TEMPLATE_MISSING;
    }
    return template.parameterCount() == ref.parameterCount()
        ? ErrorCodes.OK
        : ErrorCodes.TEMPLATE_PARAMETER_COUNT;
  }

  private static int countPlaceholders(JsonArray components) {
    Set<String> seen = new HashSet<>();
    List<String> texts = new ArrayList<>();
    collectTexts(components, texts);
    for (String text : texts) {
      Matcher matcher = PLACEHOLDER.matcher(text);
      while (matcher.find()) {
        seen.add(texts.indexOf(text) + ":" + matcher.group(1));
      }
    }
    return seen.size();
  }

  private static void collectTexts(JsonValue value, List<String> texts) {
    switch (value.getValueType()) {
      case ARRAY -> value.asJsonArray().forEach(item -> collectTexts(item, texts));
      case OBJECT -> {
        for (Map.Entry<String, JsonValue> field : value.asJsonObject().entrySet()) {
          if (field.getValue().getValueType() == JsonValue.ValueType.STRING
              && (field.getKey().equals("text") || field.getKey().equals("url"))) {
            texts.add(((jakarta.json.JsonString) field.getValue()).getString());
          } else {
            collectTexts(field.getValue(), texts);
          }
        }
      }
      default -> {
        // Numbers, booleans and nulls hold no placeholders.
      }
    }
  }

  private static Template fromJson(JsonObject json) {
    return new Template(
        json.getString("namespace"),
        json.getString("name"),
        json.getString("language"),
        json.getJsonArray("components"),
        json.getInt("parameter_count"));
  }

  private static String key(String namespace, String name, String language) {
    return PREFIX + namespace + "/" + name + "/" + language;
  }
}
