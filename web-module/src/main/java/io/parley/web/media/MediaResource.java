package io.parley.web.media;

import io.parley.core.json.Jsons;
import io.parley.core.media.MediaService;
import io.parley.web.api.Envelope;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * {@code /v1/media}: upload media (the raw body, its MIME type as {@code Content-Type}), download
 * it with that type, delete it. Bodies are streamed both ways: the upload's {@link InputStream} is
 * the request's own stream (no JSON or other provider reads an {@code InputStream} entity), and the
 * download is written by {@link MediaService#copy} while the response goes out.
 */
@Path("v1/media")
public class MediaResource {

  @Inject MediaService media;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response upload(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
    String id = media.upload(contentType, body);
    return Envelope.created(
        "media", Jsons.createArrayBuilder().add(Jsons.createObjectBuilder().add("id", id)).build());
  }

  /**
   * The content with its stored type and length (received media fetched from the network first); a
   * download counts as a use of the media.
   */
  @GET
  @Path("{id}")
  public Response download(@PathParam("id") String id) {
    return MediaContent.of(media, media.download(id));
  }

  @DELETE
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response delete(@PathParam("id") String id) {
    media.delete(id);
    return Envelope.empty();
  }
}
