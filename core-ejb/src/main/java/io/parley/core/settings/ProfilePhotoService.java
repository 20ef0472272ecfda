package io.parley.core.settings;

import io.parley.core.errors.ApiException;
import io.parley.core.media.MediaService;
import io.parley.core.media.MediaTypes;
import io.parley.persistence.media.Media;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

/**
 * The profile photo ({@code /v1/settings/profile/photo}): kept in the media store as media of
 * origin {@link Media.Origin#PROFILE_PHOTO}, which the garbage collector never takes and {@code
 * /v1/media} does not delete. There is one at a time: a new photo replaces the old one in the same
 * transaction, so a refused upload keeps the old photo, file and row.
 */
@Stateless
public class ProfilePhotoService {

  /** The largest photo (5 MB, as the original WebApp). */
  public static final long MAX_BYTES = 5L * 1024 * 1024;

  /** The image types a photo may have. */
  static final Set<String> TYPES = Set.of("image/jpeg", "image/png");

  @EJB MediaService media;

  /**
   * Stores {@code body} as the profile photo, replacing the current one. 400/1008 without a content
   * type or content, 400/1009 for a type other than JPEG or PNG or content over {@link #MAX_BYTES}.
   */
  public void replace(String contentType, InputStream body) {
    String type = MediaTypes.base(MediaTypes.of(contentType));
    if (!TYPES.contains(type)) {
      throw ApiException.invalid("Content-Type", type);
    }
    media.deleteAll(Media.Origin.PROFILE_PHOTO);
    media.store(Media.Origin.PROFILE_PHOTO, contentType, body, MAX_BYTES);
  }

  /** The current photo, if there is one. */
  public Optional<MediaService.StoredMedia> current() {
    return media.newest(Media.Origin.PROFILE_PHOTO);
  }

  /** Deletes the photo, file and row; nothing to do without one. */
  public void delete() {
    media.deleteAll(Media.Origin.PROFILE_PHOTO);
  }
}
