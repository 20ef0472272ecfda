-- Platform tables: users and their tokens, key/value settings, stored certificates.
-- Written in the SQL subset that MySQL (and MariaDB) and H2 share; times are epoch milliseconds.

CREATE TABLE app_user (
  id BIGINT NOT NULL AUTO_INCREMENT,
  username VARCHAR(32) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  role VARCHAR(16) NOT NULL,
  password_change_required BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_app_user_username UNIQUE (username)
);

CREATE TABLE auth_token (
  id BIGINT NOT NULL AUTO_INCREMENT,
  token_hash VARCHAR(64) NOT NULL,
  user_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_auth_token_hash UNIQUE (token_hash),
  CONSTRAINT fk_auth_token_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
);
CREATE INDEX ix_auth_token_user ON auth_token (user_id);
CREATE INDEX ix_auth_token_expires ON auth_token (expires_at);

CREATE TABLE app_setting (
  name VARCHAR(128) NOT NULL,
  setting_value VARCHAR(4000) NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (name)
);

CREATE TABLE stored_certificate (
  name VARCHAR(64) NOT NULL,
  pem VARCHAR(16000) NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (name)
);
