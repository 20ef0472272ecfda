package io.parley.core.messages;

import io.parley.core.json.Jsons;
import io.parley.protocol.media.MediaDescriptor;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.Base64;

/**
 * An outbound media message's file as uploaded to the network's blob store: the blob's id, the MIME
 * type the message gives, and the media key, hashes and lengths the recipient's device verifies and
 * decrypts it with. Kept on the message row as JSON ({@link #toJson}) between the upload and the
 * network's answer.
 */
public record MediaUpload(String blobId, String mimeType, MediaDescriptor descriptor) {

  /** The form stored on the message row. */
  public String toJson() {
    Base64.Encoder base64 = Base64.getEncoder();
    return Jsons.createObjectBuilder()
        .add("blob_id", blobId)
        .add("mime_type", mimeType)
        .add("media_key", base64.encodeToString(descriptor.mediaKey()))
        .add("plaintext_sha256", base64.encodeToString(descriptor.plaintextSha256()))
        .add("encrypted_sha256", base64.encodeToString(descriptor.encryptedSha256()))
        .add("plaintext_length", descriptor.plaintextLength())
        .add("encrypted_length", descriptor.encryptedLength())
        .build()
        .toString();
  }

  /** The upload recorded as {@code json} by {@link #toJson}. */
  public static MediaUpload parse(String json) {
    JsonObject stored;
    try (JsonReader reader = Jsons.createReader(new StringReader(json))) {
      stored = reader.readObject();
    }
    Base64.Decoder base64 = Base64.getDecoder();
    return new MediaUpload(
        stored.getString("blob_id"),
        stored.getString("mime_type"),
        new MediaDescriptor(
            base64.decode(stored.getString("media_key")),
            base64.decode(stored.getString("plaintext_sha256")),
            base64.decode(stored.getString("encrypted_sha256")),
            stored.getJsonNumber("plaintext_length").longValueExact(),
            stored.getJsonNumber("encrypted_length").longValueExact()));
  }
}
