package io.parley.web.settings;

import io.parley.core.errors.ApiException;
import io.parley.core.json.Jsons;
import io.parley.core.media.MediaService;
import io.parley.core.settings.ProfilePhotoService;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.media.MediaContent;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/**
 * {@code /v1/settings/profile/photo}: upload the profile photo (the raw JPEG or PNG, streamed as a
 * media upload is), read it back as the image or, with {@code ?format=link}, as a link to it under
 * {@code /v1/media/{id}}, and delete it.
 */
@Path("v1/settings/profile/photo")
@Requires(Role.ADMIN)
public class ProfilePhotoResource {

  @Inject ProfilePhotoService photo;
  @Inject MediaService media;

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response upload(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
    photo.replace(contentType, body);
    return Envelope.empty(201);
  }

  /** The image with its type; any {@code format} other than {@code link} is the image too. */
  @GET
  public Response get(@QueryParam("format") String format, @Context UriInfo uri) {
    MediaService.StoredMedia current =
        photo.current().orElseThrow(() -> ApiException.notFound("No profile photo is set"));
    if (!"link".equals(format)) {
      return MediaContent.of(media, current);
    }
    String link = uri.getBaseUriBuilder().path("v1/media").path(current.id()).build().toString();
    return ProfileJson.ok("photo", Jsons.createObjectBuilder().add("link", link));
  }

  @DELETE
  public Response delete() {
    photo.delete();
    return Envelope.empty();
  }
}
