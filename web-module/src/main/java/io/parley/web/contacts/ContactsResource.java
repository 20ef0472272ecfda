package io.parley.web.contacts;

import io.parley.core.contacts.ContactCheck;
import io.parley.core.contacts.ContactIdentityService;
import io.parley.core.contacts.ContactService;
import io.parley.core.json.Jsons;
import io.parley.web.api.Envelope;
import io.parley.web.api.JsonBody;
import io.parley.web.api.Params;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /v1/contacts}: check which phone numbers are on the network, and show or acknowledge the
 * identity of a user Parley has a session with.
 */
@Path("v1/contacts")
@Produces(MediaType.APPLICATION_JSON)
public class ContactsResource {

  @Inject ContactService contacts;
  @Inject ContactIdentityService identities;

  @POST
  public Response check(@HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    ContactsRequest request = ContactsRequest.parse(JsonBody.parse(contentType, body));
    JsonArrayBuilder answers = Jsons.createArrayBuilder();
    for (ContactCheck check :
        contacts.check(request.contacts(), request.waitForNetwork(), request.forceCheck())) {
      JsonObjectBuilder answer =
          Jsons.createObjectBuilder()
              .add("input", check.input())
              .add("status", check.status().wireName());
      if (check.waId() != null) {
        answer.add("wa_id", check.waId());
      }
      answers.add(answer);
    }
    return Envelope.ok("contacts", answers.build());
  }

  @GET
  @Path("{wa_id}/identity")
  public Response identity(@PathParam("wa_id") String waId) {
    ContactIdentityService.Identity identity = identities.current(waId);
    return Envelope.ok(
        "identity",
        Jsons.createArrayBuilder()
            .add(
                Jsons.createObjectBuilder()
                    .add("hash", identity.hash())
                    .add("created_at", identity.createdAt() / 1000))
            .build());
  }

  /** Acknowledges the user's current identity; the hash must be the one shown. */
  @PUT
  @Path("{wa_id}/identity")
  public Response acknowledge(
      @PathParam("wa_id") String waId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      byte[] body) {
    identities.acknowledge(waId, Params.requiredString(JsonBody.parse(contentType, body), "hash"));
    return Envelope.empty();
  }
}
