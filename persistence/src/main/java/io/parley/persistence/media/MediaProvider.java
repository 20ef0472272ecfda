package io.parley.persistence.media;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Locale;

/**
 * A media provider: a name that media links may give, its type ({@code www}) and its configuration
 * (the credentials for fetching the link), which the service that writes it stores sealed. Names
 * compare without regard to case: the key is the name in lower case.
 */
@Entity
@Table(name = "media_provider")
public class MediaProvider {

  public static final int MAX_NAME_LENGTH = 200;
  public static final int MAX_CONFIG_LENGTH = 4096;

  @Id
  @Column(name = "name_key", length = MAX_NAME_LENGTH)
  private String nameKey;

  @Column(nullable = false, length = MAX_NAME_LENGTH)
  private String name;

  @Column(nullable = false, length = 16)
  private String type;

  @Column(nullable = false, length = MAX_CONFIG_LENGTH)
  private String config;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  protected MediaProvider() {}

  public MediaProvider(String name, String type, String sealedConfig, long updatedAt) {
    this.nameKey = key(name);
    this.name = name;
    this.type = type;
    this.config = sealedConfig;
    this.updatedAt = updatedAt;
  }

  /** The key of provider {@code name}: its name in lower case. */
  public static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  public String getNameKey() {
    return nameKey;
  }

  public String getName() {
    return name;
  }

  public String getType() {
    return type;
  }

  /** The configuration as stored: sealed. */
  public String getConfig() {
    return config;
  }

  public long getUpdatedAt() {
    return updatedAt;
  }

  /** Takes the name (its case), type and configuration of a provider given again. */
  public void replace(String name, String type, String sealedConfig, long updatedAt) {
    this.name = name;
    this.type = type;
    this.config = sealedConfig;
    this.updatedAt = updatedAt;
  }
}
