-- Contacts: the identity (security code) Parley last showed for each peer, and when the business
-- acknowledged it. The contact lookup cache itself is in V2.

CREATE TABLE contact_identity (
  wa_id VARCHAR(24) NOT NULL,
  identity_hash VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  acknowledged_at BIGINT,
  PRIMARY KEY (wa_id)
);
