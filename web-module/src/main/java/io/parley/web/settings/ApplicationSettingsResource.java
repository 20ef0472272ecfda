package io.parley.web.settings;

import io.parley.core.json.Jsons;
import io.parley.core.settings.SettingsService;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.api.JsonBody;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /v1/settings/application}: read, partially update and reset the application settings. */
@Path("v1/settings/application")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class ApplicationSettingsResource {

  @Inject SettingsService settings;

  @GET
  public Response get() {
    return Envelope.ok(
        "settings",
        Jsons.createObjectBuilder()
            .add("application", ApplicationSettingsJson.of(settings.application(), settings.waId()))
            .build());
  }

  @PATCH
  public Response update(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    settings.updateApplication(JsonBody.parse(contentType, body));
    return Envelope.empty();
  }

  @DELETE
  public Response reset() {
    settings.resetApplication();
    return Envelope.empty();
  }
}
