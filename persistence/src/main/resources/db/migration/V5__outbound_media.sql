-- Outbound media: the encrypted copy of a media message's file that Parley uploaded to the network's blob
-- store, as JSON (blob id, MIME type, media key, hashes and lengths). Written once, before the message is
-- encrypted, so that a redelivered message neither uploads nor encrypts its file again; cleared with the
-- ciphertext once the network has answered.

ALTER TABLE message ADD COLUMN media_upload VARCHAR(1024);
