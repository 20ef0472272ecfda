package io.parley.web.account;

import io.parley.core.account.AccountService;
import io.parley.core.cluster.ShardKeeper;
import io.parley.core.cluster.ShardService;
import io.parley.core.errors.ApiException;
import io.parley.core.json.Jsons;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.api.JsonBody;
import io.parley.web.api.Params;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * {@code /v1/account}: registration of the business number with the network, {@code
 * /v1/account/verify} with the code the network sent, and {@code /v1/account/shards}.
 */
@Path("v1/account")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class AccountResource {

  @Inject AccountService accounts;
  @Inject ShardKeeper keeper;
  @Inject ShardService shards;

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
      keeper.wake();
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
    keeper.wake();
    return Envelope.empty(201);
  }

  /** {@code {"account":{"shards":N}}}. */
  @GET
  @Path("shards")
  public Response shards() {
    return Envelope.ok(
        "account", Jsons.createObjectBuilder().add("shards", shards.shards()).build());
  }

  /** 201 once the network splits the number's traffic into {@code shards} shards. */
  @POST
  @Path("shards")
  public Response setShards(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    JsonObject request = JsonBody.parse(contentType, body);
    shards.change(
        Params.requiredString(request, "cc"),
        Params.requiredString(request, "phone_number"),
        shardCount(request),
        Optional.ofNullable(Params.optionalString(request, "pin")));
    return Envelope.empty(201);
  }

  /** {@code shards}: a whole number, or a string of digits (the schema lists them as strings). */
  private static int shardCount(JsonObject request) {
    JsonValue value = request.get("shards");
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      throw ApiException.missing("shards");
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      return number.bigIntegerValue().min(java.math.BigInteger.valueOf(1000)).intValue();
    }
    if (value instanceof JsonString text && text.getString().matches("[0-9]{1,3}")) {
      return Integer.parseInt(text.getString());
    }
    throw ApiException.invalid("Parameter 'shards' must be 1, 2, 4, 8, 16 or 32");
  }
}
