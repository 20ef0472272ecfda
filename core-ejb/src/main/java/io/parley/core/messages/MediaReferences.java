package io.parley.core.messages;

import io.parley.core.errors.ApiException;
import io.parley.core.media.MediaProviderConfig;
import io.parley.core.media.MediaProviderService;
import io.parley.core.media.MediaService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Checks the media an accepted message names, before anything is stored: the object of a media
 * message, and the image, document and video parameters of a template. Media by {@code id} must be
 * uploaded media its type takes (404/1006 for an unknown id, 400/2008 for a MIME type the type does
 * not take, 400/1009 for a file over the type's limit, {@link MediaLimits}); media by {@code link}
 * may name only a configured media provider (400/1009). The link itself (its syntax and scheme) was
 * checked by {@link OutboundMessageParser}; what it leads to is checked when it is fetched.
 */
@ApplicationScoped
public class MediaReferences {

  @EJB MediaService media;
  @EJB MediaProviderService providers;

  /** Checks the media {@code message} names, if any. */
  public void check(OutboundMessage message) {
    if (message.type().isMedia()) {
      check(message.type(), message.content(), message.type().field());
    } else if (message.type() == MessageType.TEMPLATE) {
      templateParameters(message.content());
    }
  }

  private void templateParameters(JsonObject template) {
    if (!(template.get("components") instanceof JsonArray components)) {
      return;
    }
    for (int c = 0; c < components.size(); c++) {
      if (!(components.getJsonObject(c).get("parameters") instanceof JsonArray parameters)) {
        continue;
      }
      for (int p = 0; p < parameters.size(); p++) {
        JsonObject parameter = parameters.getJsonObject(p);
        String kind = parameter.getString("type", "");
        String path = "template.components[" + c + "].parameters[" + p + "]";
        MessageType.of(kind)
            .filter(MessageType::isMedia)
            .ifPresent(
                type ->
                    check(
                        type,
                        // the object form {"type":"image","image":{..}}, or the older flat one
                        parameter.get(kind) instanceof JsonObject object ? object : parameter,
                        parameter.containsKey(kind) ? path + "." + kind : path));
      }
    }
  }

  private void check(MessageType type, JsonObject object, String path) {
    if (object.get("id") instanceof JsonString id) {
      MediaService.StoredMedia stored = media.use(id.getString());
      MediaLimits.check(type, stored.id(), stored.mimeType(), stored.size());
      return;
    }
    if (object.get("provider") instanceof JsonObject provider
        && provider.get("name") instanceof JsonString name) {
      MediaProviderConfig.checkName(path + ".provider.name", name.getString());
      if (!providers.exists(name.getString())) {
        throw ApiException.invalid(
            "Parameter '"
                + path
                + ".provider.name' names no configured media provider: '"
                + name.getString()
                + "'");
      }
    } else if (object.containsKey("provider") && object.get("provider") != JsonValue.NULL) {
      throw ApiException.invalid("Parameter '" + path + ".provider' must be {\"name\": ...}");
    }
  }
}
