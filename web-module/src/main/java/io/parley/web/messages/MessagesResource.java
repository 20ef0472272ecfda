package io.parley.web.messages;

import io.parley.core.json.Jsons;
import io.parley.core.messages.MessageService;
import io.parley.core.messages.OutboundMessage;
import io.parley.core.messages.OutboundMessageParser;
import io.parley.core.messages.ReadService;
import io.parley.web.api.Envelope;
import io.parley.web.api.JsonBody;
import io.parley.web.api.Params;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
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
 * {@code /v1/messages}: send a message (stored and queued in one transaction, answered with its
 * id), and mark an inbound message read.
 */
@Path("v1/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

  @Inject MessageService messages;
  @Inject ReadService reads;

  @POST
  public Response send(@HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, byte[] body) {
    JsonObject request = JsonBody.parse(contentType, body);
    OutboundMessage message = OutboundMessageParser.parse(request);
    String id = messages.accept(message);
    JsonObject answer =
        Jsons.createObjectBuilder()
            .add(
                "contacts",
                Jsons.createArrayBuilder()
                    .add(
                        Jsons.createObjectBuilder()
                            .add(
                                "input",
                                request.get("to") instanceof JsonString to
                                    ? to.getString()
                                    : message.to())
                            .add("wa_id", message.to())))
            .add(
                "messages",
                Jsons.createArrayBuilder().add(Jsons.createObjectBuilder().add("id", id)))
            .add("meta", Envelope.meta())
            .build();
    return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(answer).build();
  }

  /** Marks inbound message {@code id} read and sends the read receipt. */
  @PUT
  @Path("{id}")
  public Response markRead(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      byte[] body) {
    String status = Params.requiredString(JsonBody.parse(contentType, body), "status");
    if (!status.equals("read")) {
      throw io.parley.core.errors.ApiException.invalid("status", status);
    }
    reads.markRead(id);
    return Envelope.empty();
  }
}
