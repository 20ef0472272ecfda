package io.parley.web.certificates;

import io.parley.core.certificates.CertificateService;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/**
 * {@code /v1/certificates}: the HTTPS certificate (upload, and the CA clients should trust) and the
 * CA bundle for webhooks. Uploads take the PEM text as the raw body ({@code text/plain}); the CA
 * downloads answer PEM text, not JSON.
 */
@Path("v1/certificates")
public class CertificatesResource {

  private static final String PEM = "application/x-pem-file";

  @Inject CertificateService certificates;

  @POST
  @Path("external")
  @Requires(Role.ADMIN)
  @Produces(MediaType.APPLICATION_JSON)
  public Response uploadExternal(byte[] body) {
    certificates.uploadExternal(text(body));
    return Envelope.empty(201);
  }

  @GET
  @Path("external/ca")
  @Produces({MediaType.TEXT_PLAIN, PEM})
  public Response externalCa() {
    return pem(certificates.externalCa());
  }

  @POST
  @Path("webhooks/ca")
  @Requires(Role.ADMIN)
  @Produces(MediaType.APPLICATION_JSON)
  public Response uploadWebhookCa(byte[] body) {
    certificates.uploadWebhookCa(text(body));
    return Envelope.empty(201);
  }

  @GET
  @Path("webhooks/ca")
  @Requires(Role.ADMIN)
  @Produces({MediaType.TEXT_PLAIN, PEM})
  public Response webhookCa() {
    return pem(certificates.webhookCa());
  }

  @DELETE
  @Path("webhooks/ca")
  @Requires(Role.ADMIN)
  @Produces(MediaType.APPLICATION_JSON)
  public Response deleteWebhookCa() {
    certificates.deleteWebhookCa();
    return Envelope.empty();
  }

  private static String text(byte[] body) {
    return body == null ? "" : new String(body, StandardCharsets.US_ASCII);
  }

  private static Response pem(String pem) {
    return Response.ok(pem, MediaType.TEXT_PLAIN_TYPE.withCharset("US-ASCII")).build();
  }
}
