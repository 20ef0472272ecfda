package io.parley.web.users;

import io.parley.core.json.Jsons;
import io.parley.core.users.ClientLimits;
import io.parley.core.users.UserService;
import io.parley.core.users.UserService.UserView;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.api.JsonBody;
import io.parley.web.api.Params;
import io.parley.web.security.ClientAddress;
import io.parley.web.security.CurrentCaller;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /v1/users}: create (admin), read and change password (self or admin), delete (admin). */
@Path("v1/users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

  @Inject UserService users;
  @Inject CurrentCaller caller;
  @Inject ClientLimits limits;
  @Inject ClientAddress clientAddress;
  @Context HttpServletRequest request;

  @POST
  @Requires(Role.ADMIN)
  public Response create(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    JsonObject json = JsonBody.parse(contentType, body);
    String username = Params.requiredString(json, "username");
    String password = Params.requiredString(json, "password");
    limits.userWrite(clientAddress.of(request));
    return Envelope.created("users", names(users.create(username, password)));
  }

  @GET
  @Path("{username}")
  public Response get(@PathParam("username") String username) {
    UserView user = users.get(caller.get(), username);
    JsonObject view =
        Jsons.createObjectBuilder()
            .add("username", user.username())
            .add("ROLES", "ROLE_" + (user.role() == Role.ADMIN ? "ADMIN" : "USER"))
            .build();
    return Envelope.ok("users", Jsons.createArrayBuilder().add(view).build());
  }

  @PUT
  @Path("{username}")
  public Response changePassword(
      @PathParam("username") String username,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      byte[] body) {
    String password = Params.requiredString(JsonBody.parse(contentType, body), "password");
    limits.userWrite(clientAddress.of(request));
    return Envelope.ok("users", names(users.changePassword(caller.get(), username, password)));
  }

  @DELETE
  @Path("{username}")
  @Requires(Role.ADMIN)
  public Response delete(@PathParam("username") String username) {
    return Envelope.ok("users", names(users.delete(username)));
  }

  private static JsonValue names(UserView user) {
    return Jsons.createArrayBuilder()
        .add(Jsons.createObjectBuilder().add("username", user.username()))
        .build();
  }
}
