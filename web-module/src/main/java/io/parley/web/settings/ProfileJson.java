package io.parley.web.settings;

import io.parley.core.json.Jsons;
import io.parley.web.api.Envelope;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/** The answer of a profile setting: {@code {"settings":{"profile":{field: value}}}}. */
final class ProfileJson {

  private ProfileJson() {}

  static Response ok(String field, JsonObjectBuilder value) {
    return Envelope.ok(
        "settings",
        Jsons.createObjectBuilder()
            .add("profile", Jsons.createObjectBuilder().add(field, value))
            .build());
  }
}
