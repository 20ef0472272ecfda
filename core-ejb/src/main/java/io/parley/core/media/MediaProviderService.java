package io.parley.core.media;

import io.parley.core.certificates.AtRestCipher;
import io.parley.core.errors.ApiException;
import io.parley.core.json.Jsons;
import io.parley.persistence.media.MediaProvider;
import io.parley.persistence.media.MediaProviderRepository;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;

/**
 * Media providers ({@code /v1/settings/application/media/providers}): the credentials Parley sends
 * when it fetches a media link that names one. Each provider is a row of {@code media_provider}
 * whose configuration is sealed with the at-rest key ({@link AtRestCipher}), the provider's name
 * key as associated data. Each method is one transaction; a POST of several providers stores all or
 * none.
 */
@Stateless
public class MediaProviderService {

  private static final String SEALED_AS = "media_provider:";

  private AtRestCipher atRest;

  @Inject MediaProviderRepository providers;

  @PostConstruct
  void openKey() {
    atRest = AtRestCipher.fromConfiguration();
  }

  /** Every provider, by name, its secrets included: for {@link #all} and fetching only. */
  public List<MediaProviderConfig> all() {
    return providers.all().stream().map(this::opened).toList();
  }

  /** The provider named {@code name} (without regard to case), if there is one. */
  public Optional<MediaProviderConfig> find(String name) {
    return providers.find(name).map(this::opened);
  }

  /** Whether a provider named {@code name} exists (its configuration is not opened). */
  public boolean exists(String name) {
    return providers.find(name).isPresent();
  }

  /** Adds or replaces the providers of a POST body ({@link MediaProviderConfig#parseAll}). */
  public void put(JsonValue body) {
    long now = System.currentTimeMillis();
    for (MediaProviderConfig provider : MediaProviderConfig.parseAll(body)) {
      providers.put(
          provider.name(),
          provider.type(),
          atRest.seal(
              SEALED_AS + MediaProvider.key(provider.name()), provider.configJson().toString()),
          now);
    }
  }

  /** Deletes provider {@code name}; 404/1006 when there is none. */
  public void delete(String name) {
    if (!providers.remove(name)) {
      throw ApiException.notFound("No media provider named '" + name + "'");
    }
  }

  private MediaProviderConfig opened(MediaProvider row) {
    String json = atRest.open(SEALED_AS + row.getNameKey(), row.getConfig());
    JsonObject config;
    try (JsonReader reader = Jsons.createReader(new StringReader(json))) {
      config = reader.readObject();
    }
    return MediaProviderConfig.stored(row.getName(), row.getType(), config);
  }
}
