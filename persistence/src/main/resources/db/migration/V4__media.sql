-- Media: one row per file on the media volume (the media store resource adapter), written in the same JTA
-- transaction as the file, so that a committed row always names a committed file and a refused upload
-- leaves neither. The id is the file's name on the volume. origin tells uploads from media received in
-- messages; last_used_at (set at creation) is what a garbage collector's retention will go by.

CREATE TABLE media (
  id CHAR(36) NOT NULL,
  mime_type VARCHAR(255) NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 CHAR(64) NOT NULL,
  origin VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL,
  PRIMARY KEY (id)
);
CREATE INDEX ix_media_last_used ON media (last_used_at);
