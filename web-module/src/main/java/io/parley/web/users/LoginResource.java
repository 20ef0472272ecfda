package io.parley.web.users;

import io.parley.core.errors.ApiException;
import io.parley.core.json.Jsons;
import io.parley.core.users.IssuedToken;
import io.parley.core.users.LoginService;
import io.parley.web.api.Envelope;
import io.parley.web.api.JsonBody;
import io.parley.web.api.Params;
import io.parley.web.security.ClientAddress;
import io.parley.web.security.Public;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/** {@code POST /v1/users/login}: Basic credentials in, bearer token out. */
@Path("v1/users/login")
@Produces(MediaType.APPLICATION_JSON)
public class LoginResource {

  /** The on-prem form of {@code expires_after}: {@code 2018-03-01 15:29:26+00:00}. */
  static final DateTimeFormatter EXPIRES_AFTER =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  @Inject LoginService login;
  @Inject ClientAddress clientAddress;
  @Context HttpServletRequest request;

  @POST
  @Public
  public Response login(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      byte[] body) {
    BasicCredentials credentials = BasicCredentials.parse(authorization);
    String newPassword =
        JsonBody.parseOptional(contentType, body)
            .map(json -> Params.optionalString(json, "new_password"))
            .orElse(null);
    IssuedToken token =
        login.login(
            clientAddress.of(request), credentials.username(), credentials.password(), newPassword);
    JsonObject user =
        Jsons.createObjectBuilder()
            .add("token", token.token())
            .add("expires_after", EXPIRES_AFTER.format(token.expiresAfter()))
            .build();
    return Envelope.ok("users", Jsons.createArrayBuilder().add(user).build());
  }

  /** The user name and password of an {@code Authorization: Basic} header. */
  record BasicCredentials(String username, String password) {

    static BasicCredentials parse(String authorization) {
      if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
        throw ApiException.unauthenticated();
      }
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiException.unauthenticated();
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw ApiException.unauthenticated();
      }
      return new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
  }
}
