package io.parley.web.settings;

import io.parley.core.json.Jsons;
import io.parley.core.media.MediaProviderConfig;
import io.parley.core.media.MediaProviderService;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.api.JsonBody;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /v1/settings/application/media/providers} (§4): list the media providers (their secrets
 * shown as {@value MediaProviderConfig#REDACTED}), add or replace some, delete one.
 */
@Path("v1/settings/application/media/providers")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class MediaProvidersResource {

  @Inject MediaProviderService providers;

  @GET
  public Response list() {
    JsonArrayBuilder shown = Jsons.createArrayBuilder();
    providers.all().forEach(provider -> shown.add(provider.shown()));
    return Envelope.ok(
        "settings",
        Jsons.createObjectBuilder()
            .add(
                "application",
                Jsons.createObjectBuilder()
                    .add("media", Jsons.createObjectBuilder().add("providers", shown)))
            .build());
  }

  @POST
  public Response put(@HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    providers.put(JsonBody.parseStructure(contentType, body));
    return Envelope.empty();
  }

  @DELETE
  @Path("{name}")
  public Response delete(@PathParam("name") String name) {
    providers.delete(name);
    return Envelope.empty();
  }
}
