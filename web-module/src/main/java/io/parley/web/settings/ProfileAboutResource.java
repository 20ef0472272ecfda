package io.parley.web.settings;

import io.parley.core.json.Jsons;
import io.parley.core.settings.SettingsService;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.api.JsonBody;
import io.parley.web.api.Params;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /v1/settings/profile/about}: the profile's "about" text. */
@Path("v1/settings/profile/about")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class ProfileAboutResource {

  @Inject SettingsService settings;

  @GET
  public Response get() {
    return ProfileJson.ok("about", Jsons.createObjectBuilder().add("text", settings.about()));
  }

  @PATCH
  public Response update(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    settings.setAbout(Params.requiredString(JsonBody.parse(contentType, body), "text"));
    return Envelope.empty();
  }
}
