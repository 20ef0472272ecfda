package io.parley.web.support;

import io.parley.core.support.SupportService;
import io.parley.web.api.Envelope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /v1/support}: what support needs to know about this node, and no secrets. */
@Path("v1/support")
@Produces(MediaType.APPLICATION_JSON)
public class SupportResource {

  @Inject SupportService support;

  @GET
  public Response support() {
    return Envelope.ok("support", support.report());
  }
}
