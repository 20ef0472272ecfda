-- Media providers (/v1/settings/application/media/providers): the credentials Parley sends when it fetches a
-- media link that names the provider. Names compare without regard to case, on every database alike:
-- name_key is the name in lower case, name as it was last given. config is the provider's configuration
-- as JSON ({"bearer":..} or {"basic":{"username":..,"password":..}}), sealed with the at-rest key
-- (AES-256-GCM, name_key as associated data), so that a database dump holds no usable secret.

CREATE TABLE media_provider (
  name_key VARCHAR(200) NOT NULL,
  name VARCHAR(200) NOT NULL,
  type VARCHAR(16) NOT NULL,
  config VARCHAR(4096) NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (name_key)
);
