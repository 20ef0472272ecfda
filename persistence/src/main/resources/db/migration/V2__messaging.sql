-- Messaging: the registered account and its end-to-end state, sessions with peers, messages both ways,
-- webhook callbacks waiting for delivery, and the contact lookup cache.
-- MEDIUMBLOB and MEDIUMTEXT are MySQL types that H2 accepts as aliases of BLOB and CLOB.

CREATE TABLE account_state (
  id INT NOT NULL,
  cc VARCHAR(4) NOT NULL,
  phone_number VARCHAR(20) NOT NULL,
  wa_id VARCHAR(24) NOT NULL,
  verified_name VARCHAR(256) NOT NULL,
  certificate MEDIUMBLOB NOT NULL,
  registered BOOLEAN NOT NULL,
  transport_key MEDIUMBLOB NOT NULL,
  device_keys MEDIUMBLOB,
  epoch BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (id)
);

CREATE TABLE peer_session (
  wa_id VARCHAR(24) NOT NULL,
  session_state MEDIUMBLOB NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (wa_id)
);

CREATE TABLE message (
  id VARCHAR(64) NOT NULL,
  direction VARCHAR(8) NOT NULL,
  peer VARCHAR(24) NOT NULL,
  message_type VARCHAR(16) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  sealed MEDIUMBLOB,
  status VARCHAR(16) NOT NULL,
  error_code INT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (id)
);
CREATE INDEX ix_message_peer ON message (peer, created_at);
CREATE INDEX ix_message_status ON message (status, created_at);

CREATE TABLE callback (
  id BIGINT NOT NULL AUTO_INCREMENT,
  payload MEDIUMTEXT NOT NULL,
  attempts INT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  claim_token VARCHAR(36),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (id)
);
CREATE INDEX ix_callback_due ON callback (next_attempt_at);
CREATE INDEX ix_callback_claim ON callback (claim_token);

CREATE TABLE contact (
  input VARCHAR(64) NOT NULL,
  wa_id VARCHAR(24),
  status VARCHAR(16) NOT NULL,
  checked_at BIGINT NOT NULL,
  PRIMARY KEY (input)
);
