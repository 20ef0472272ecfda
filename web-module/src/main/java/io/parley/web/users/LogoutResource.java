package io.parley.web.users;

import io.parley.core.users.UserService;
import io.parley.web.api.Envelope;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /v1/users/logout}: revokes the bearer token of the request at once. */
@Path("v1/users/logout")
@Produces(MediaType.APPLICATION_JSON)
public class LogoutResource {

  @Inject UserService users;

  @POST
  public Response logout(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    // The authentication filter has already accepted this header as "Bearer <token>".
    users.logout(authorization.substring(authorization.indexOf(' ') + 1).trim());
    return Envelope.empty();
  }
}
