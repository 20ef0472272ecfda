package io.parley.web.settings;

import io.parley.core.json.Jsons;
import io.parley.core.settings.BackupService;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.api.JsonBody;
import io.parley.web.api.Params;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /v1/settings/backup} and {@code POST /v1/settings/restore}: settings and users as a
 * password-encrypted blob, and back.
 */
@Path("v1/settings")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class BackupResource {

  @Inject BackupService backups;

  @POST
  @Path("backup")
  public Response backup(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    String password = Params.requiredString(JsonBody.parse(contentType, body), "password");
    return Envelope.ok(
        "settings", Jsons.createObjectBuilder().add("data", backups.backup(password)).build());
  }

  @POST
  @Path("restore")
  public Response restore(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    JsonObject request = JsonBody.parse(contentType, body);
    backups.restore(
        Params.requiredString(request, "password"), Params.requiredString(request, "data"));
    return Envelope.empty();
  }
}
