package io.parley.web.media;

import io.parley.core.media.MediaGarbageCollector;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code PUT /v1/services/media/gc}: runs the media garbage collection now, whatever {@code
 * garbagecollector_enable.media} says (the setting governs the timed runs), and answers when it has
 * finished. Parley's counterpart of the on-prem {@code PUT /v1/services/message/gc}.
 */
@Path("v1/services/media/gc")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class MediaGcResource {

  @Inject MediaGarbageCollector collector;

  @PUT
  public Response collect() {
    collector.collect();
    return Envelope.empty();
  }
}
