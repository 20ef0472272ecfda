package io.parley.web.account;

import io.parley.core.account.AccountService;
import io.parley.core.json.Jsons;
import io.parley.core.network.NetworkSession;
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
import java.util.Optional;

/**
 * {@code /v1/account}: registration of the business number with the network, and {@code
 * /v1/account/verify} with the code the network sent.
 */
@Path("v1/account")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class AccountResource {

  @Inject AccountService accounts;
  @Inject NetworkSession network;

  /** 201 when the number is already registered here, else 202 with the verified name. */
  @POST
  public Response register(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    JsonObject request = JsonBody.parse(contentType, body);
    AccountService.Registration registration =
        accounts.register(
            Params.requiredString(request, "cc"),
            Params.requiredString(request, "phone_number"),
            Params.requiredString(request, "method"),
            Params.requiredString(request, "cert"),
            Optional.ofNullable(Params.optionalString(request, "pin")));
    if (registration.alreadyRegistered()) {
      network.accountRegistered();
      return Envelope.empty(201);
    }
    return Envelope.respond(
        202,
        "account",
        Jsons.createArrayBuilder()
            .add(Jsons.createObjectBuilder().add("vname", registration.verifiedName()))
            .build());
  }

  /** 201 once the code is verified; the node then connects to the network. */
  @POST
  @Path("verify")
  public Response verify(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    JsonObject request = JsonBody.parse(contentType, body);
    accounts.verify(
        Params.requiredString(request, "code"),
        Optional.ofNullable(Params.optionalString(request, "pin")));
    network.accountRegistered();
    return Envelope.empty(201);
  }
}
