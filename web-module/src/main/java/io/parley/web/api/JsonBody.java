package io.parley.web.api;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.json.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads a JSON request body. Resources take the raw bytes and parse them here, so that a body that
 * is not JSON, not an object, or sent with another content type always gets the on-prem answer
 * (400/1025) rather than the JAX-RS runtime's.
 */
public final class JsonBody {

  private JsonBody() {}

  /** The body as a JSON object; 400/1025 when it is absent, unparsable or not an object. */
  public static JsonObject parse(MediaType contentType, byte[] body) {
    return parseOptional(contentType, body)
        .orElseThrow(() -> invalid("Unable to decode the request: the body is empty"));
  }

  /** Like {@link #parse}, but an empty body is no body rather than an error. */
  public static Optional<JsonObject> parseOptional(MediaType contentType, byte[] body) {
    Optional<JsonStructure> parsed = read(contentType, body);
    if (parsed.isPresent() && !(parsed.get() instanceof JsonObject)) {
      throw invalid("Unable to decode the request: expected a JSON object");
    }
    return parsed.map(JsonObject.class::cast);
  }

  /** The body as JSON of any structure (an array, say); 400/1025 when absent or unparsable. */
  public static JsonStructure parseStructure(MediaType contentType, byte[] body) {
    return read(contentType, body)
        .orElseThrow(() -> invalid("Unable to decode the request: the body is empty"));
  }

  private static Optional<JsonStructure> read(MediaType contentType, byte[] body) {
    if (body == null || isBlank(body)) {
      return Optional.empty();
    }
    if (contentType != null && !isJson(contentType)) {
      throw invalid(
          "Unsupported Content-Type '"
              + contentType.getType()
              + "/"
              + contentType.getSubtype()
              + "', expected application/json");
    }
    try (InputStream in = new ByteArrayInputStream(body);
        JsonReader reader = Jsons.createReader(in)) {
      return Optional.of(reader.read());
    } catch (JsonParsingException e) {
      throw invalid("Unable to decode the request: " + e.getMessage());
    } catch (JsonException | IOException e) {
      throw invalid("Unable to decode the request");
    }
  }

  private static boolean isJson(MediaType type) {
    return type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
        || type.getSubtype().endsWith("+json")
        || type.isWildcardType();
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  private static ApiException invalid(String details) {
    return new ApiException(ErrorCode.INVALID_REQUEST, details);
  }
}
