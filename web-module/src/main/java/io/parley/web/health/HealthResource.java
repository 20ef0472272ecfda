package io.parley.web.health;

import io.parley.core.health.HealthService;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/health}: the gateway status of this node, or of every node of a cluster. Open to
 * the monitoring API key.
 */
@Path("v1/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

  @Inject HealthService health;

  @GET
  @Requires(Role.API)
  public Response health() {
    return Envelope.ok("health", health.health());
  }
}
