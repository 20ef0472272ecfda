package io.parley.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void objectIsParsed() {
    var body = JsonBody.parse(MediaType.APPLICATION_JSON_TYPE, bytes("{\"a\":1}"));

    assertEquals(1, body.getInt("a"));
  }

  @Test
  void missingContentTypeIsTakenAsJson() {
    var body = JsonBody.parse(null, bytes("{\"a\":\"b\"}"));

    assertEquals("b", body.getString("a"));
  }

  @Test
  void jsonWithCharsetAndVendorTypesAreAccepted() {
    JsonBody.parse(
        new MediaType("application", "json", java.util.Map.of("charset", "utf-8")), bytes("{}"));
    JsonBody.parse(new MediaType("application", "vnd.parley+json"), bytes("{}"));
  }

  @Test
  void anArrayIsTakenWhereAnyStructureIs() {
    var body = JsonBody.parseStructure(MediaType.APPLICATION_JSON_TYPE, bytes("[{\"a\":1}]"));

    assertEquals(1, body.asJsonArray().getJsonObject(0).getInt("a"));
  }

  @Test
  void anArrayIsNoObject() {
    ApiException failure =
        assertThrows(
            ApiException.class, () -> JsonBody.parse(MediaType.APPLICATION_JSON_TYPE, bytes("[]")));

    assertEquals(ErrorCode.INVALID_REQUEST, failure.errorCode());
  }

  @Test
  void anEmptyBodyIsNoStructure() {
    ApiException failure =
        assertThrows(
            ApiException.class,
            () -> JsonBody.parseStructure(MediaType.APPLICATION_JSON_TYPE, bytes(" ")));

    assertEquals(ErrorCode.INVALID_REQUEST, failure.errorCode());
  }

  @Test
  void brokenJsonIs1025() {
    ApiException failure =
        assertThrows(
            ApiException.class,
            () -> JsonBody.parse(MediaType.APPLICATION_JSON_TYPE, bytes("{\"a\":")));

    assertEquals(ErrorCode.INVALID_REQUEST, failure.errorCode());
    assertEquals(400, failure.httpStatus());
  }

  @Test
  void arrayIs1025() {
    ApiException failure =
        assertThrows(
            ApiException.class, () -> JsonBody.parse(MediaType.APPLICATION_JSON_TYPE, bytes("[]")));

    assertEquals(ErrorCode.INVALID_REQUEST, failure.errorCode());
  }

  @Test
  void otherContentTypeIs1025() {
    ApiException failure =
        assertThrows(
            ApiException.class, () -> JsonBody.parse(MediaType.TEXT_PLAIN_TYPE, bytes("{}")));

    assertEquals(ErrorCode.INVALID_REQUEST, failure.errorCode());
  }

  @Test
  void emptyBodyIsAbsentWhereOptionalAndRefusedWhereRequired() {
    assertTrue(JsonBody.parseOptional(MediaType.APPLICATION_JSON_TYPE, bytes("  \n")).isEmpty());
    assertThrows(
        ApiException.class, () -> JsonBody.parse(MediaType.APPLICATION_JSON_TYPE, new byte[0]));
  }
}
