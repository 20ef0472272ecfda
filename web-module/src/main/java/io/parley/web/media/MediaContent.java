package io.parley.web.media;

import io.parley.core.media.MediaService;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * The answer that carries stored media: its type and length from the row, its content streamed by
 * {@link MediaService#copy} while the response is written, after the lookup's transaction ended.
 */
public final class MediaContent {

  private MediaContent() {}

  public static Response of(MediaService media, MediaService.StoredMedia stored) {
    StreamingOutput content = out -> media.copy(stored.id(), out);
    return Response.ok(content)
        .type(stored.mimeType())
        .header(HttpHeaders.CONTENT_LENGTH, stored.size())
        .build();
  }
}
