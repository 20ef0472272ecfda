package io.parley.web.settings;

import io.parley.core.settings.TwoStepService;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.api.JsonBody;
import io.parley.web.api.Params;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /v1/settings/account/two-step}: enable two-step verification with a PIN, or disable it.
 */
@Path("v1/settings/account/two-step")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class TwoStepResource {

  @Inject TwoStepService twoStep;

  @POST
  public Response enable(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    twoStep.enable(Params.requiredString(JsonBody.parse(contentType, body), "pin"));
    return Envelope.empty();
  }

  @DELETE
  public Response disable() {
    twoStep.disable();
    return Envelope.empty();
  }
}
