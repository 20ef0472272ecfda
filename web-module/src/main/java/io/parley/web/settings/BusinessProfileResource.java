package io.parley.web.settings;

import io.parley.core.json.Jsons;
import io.parley.core.settings.BusinessProfile;
import io.parley.core.settings.SettingsService;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.api.JsonBody;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /v1/settings/business/profile}: the business profile; POST updates the given fields. */
@Path("v1/settings/business/profile")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class BusinessProfileResource {

  @Inject SettingsService settings;

  @GET
  public Response get() {
    BusinessProfile profile = settings.businessProfile();
    return Envelope.ok(
        "settings",
        Jsons.createObjectBuilder()
            .add(
                "business",
                Jsons.createObjectBuilder()
                    .add(
                        "profile",
                        Jsons.createObjectBuilder()
                            .add("address", profile.address())
                            .add("description", profile.description())
                            .add("email", profile.email())
                            .add("vertical", profile.vertical())
                            .add("websites", Jsons.createArrayBuilder(profile.websites()))))
            .build());
  }

  @POST
  public Response update(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    settings.updateBusinessProfile(JsonBody.parse(contentType, body));
    return Envelope.empty();
  }
}
