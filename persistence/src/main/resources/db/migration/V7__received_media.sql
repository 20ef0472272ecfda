-- Received media: a file a user sent in a message gets a media row when the message arrives, before (or
-- without) its content being in the media store. state tells where the content is: STORED (in the media
-- store, as every uploaded file), ON_NETWORK (only on the network's blob store; fetched on the first
-- GET /v1/media/{id}) or AUTO_DOWNLOAD (being fetched because media.auto_download names its type; its
-- message's webhook waits for it, and the API does not show the id yet). The network columns say where the
-- encrypted copy is and how to check and decrypt it: the blob's id, the media key, the SHA-256 and size of
-- the encrypted file (the plaintext's SHA-256 and size are sha256 and size_bytes). Uploaded rows leave them
-- empty.

ALTER TABLE media ADD COLUMN state VARCHAR(16) DEFAULT 'STORED' NOT NULL;
ALTER TABLE media ADD COLUMN blob_id VARCHAR(255);
ALTER TABLE media ADD COLUMN media_key CHAR(64);
ALTER TABLE media ADD COLUMN encrypted_sha256 CHAR(64);
ALTER TABLE media ADD COLUMN encrypted_size BIGINT;
