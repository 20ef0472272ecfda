package io.parley.web.api;

import io.parley.core.config.ParleyConfig;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The on-prem response envelope: a payload key, {@code meta} on every response, and {@code errors}
 * only on failure. Every JSON response of the API is built here.
 */
public final class Envelope {

  private static final String VERSION = new ParleyConfig().version();

  private Envelope() {}

  public static JsonObject meta() {
    return Jsons.createObjectBuilder().add("api_status", "stable").add("version", VERSION).build();
  }

  /** 200 with {@code {key: payload, meta}}. */
  public static Response ok(String key, JsonValue payload) {
    return respond(200, key, payload);
  }

  /** 201 with {@code {key: payload, meta}}. */
  public static Response created(String key, JsonValue payload) {
    return respond(201, key, payload);
  }

  /** 200 with only {@code meta}: success with nothing to return. */
  public static Response empty() {
    return empty(200);
  }

  /** {@code status} with only {@code meta}. */
  public static Response empty(int status) {
    return json(status, Jsons.createObjectBuilder().add("meta", meta()).build());
  }

  public static Response respond(int status, String key, JsonValue payload) {
    return json(status, Jsons.createObjectBuilder().add(key, payload).add("meta", meta()).build());
  }

  /** The error envelope for {@code failure}, with the HTTP status its code maps to. */
  public static Response error(ApiException failure) {
    return error(failure.httpStatus(), failure.errorCode(), failure.details());
  }

  public static Response error(int status, ErrorCode code, String details) {
    JsonObjectBuilder error =
        Jsons.createObjectBuilder().add("code", code.code()).add("title", code.title());
    if (details != null) {
      error.add("details", details);
    }
    JsonObject body =
        Jsons.createObjectBuilder()
            .add("meta", meta())
            .add("errors", Jsons.createArrayBuilder().add(error))
            .build();
    return json(status, body);
  }

  private static Response json(int status, JsonObject body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
