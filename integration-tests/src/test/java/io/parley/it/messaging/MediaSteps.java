package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * Steps and checks the end-to-end tests of media messages share: content to send, uploads, the
 * answers to a send, and the virtual user's inbox.
 */
public final class MediaSteps {

  private MediaSteps() {}

  /** {@code size} bytes that {@code seed} determines. */
  public static byte[] randomBytes(int size, long seed) {
    byte[] content = new byte[size];
    new Random(seed).nextBytes(content);
    return content;
  }

  /** Random bytes behind a PNG signature: Parley checks the declared type, not the pixels. */
  public static byte[] pngBytes(int size) {
    byte[] content = randomBytes(size, size);
    byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    System.arraycopy(signature, 0, content, 0, signature.length);
    return content;
  }

  /** Uploads {@code content} as {@code mimeType} with {@code POST /v1/media}; its media id. */
  public static String upload(ApiClient client, String mimeType, byte[] content) {
    ApiClient.Response response =
        client.sendBytes("POST", "/v1/media", content, Map.of("Content-Type", mimeType));
    assertEquals(201, response.status(), response.text());
    return response.json().getJsonArray("media").getJsonObject(0).getString("id");
  }

  /** The id of the message a {@code POST /v1/messages} accepted (201). */
  public static String accepted(ApiClient.Response sent) {
    assertEquals(201, sent.status(), sent.text());
    return sent.json().getJsonArray("messages").getJsonObject(0).getString("id");
  }

  /** The send was refused with {@code status} and {@code code}, and no message id given. */
  public static void assertRefused(ApiClient.Response response, int status, int code) {
    assertEquals(status, response.status(), response.text());
    assertEquals(code, response.errorCode(), response.text());
    assertFalse(response.json().containsKey("messages"), response.text());
  }

  /** The inbox of virtual user {@code user}. */
  public static JsonArray inbox(Sandbox sandbox, String user) {
    return sandbox
        .object(200, "GET", "/control/users/" + user + "/inbox", null)
        .getJsonArray("inbox");
  }

  /** The entry of {@code user}'s inbox for message {@code messageId}, once it is there. */
  public static JsonObject inboxEntry(Sandbox sandbox, String user, String messageId, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      JsonArray inbox = inbox(sandbox, user);
      for (JsonValue value : inbox) {
        JsonObject entry = value.asJsonObject();
        if (entry.getString("id").equals(messageId)) {
          return entry;
        }
      }
      assertTrue(System.nanoTime() < deadline, messageId + " never reached " + user + ": " + inbox);
      Thread.sleep(100);
    }
  }
}
