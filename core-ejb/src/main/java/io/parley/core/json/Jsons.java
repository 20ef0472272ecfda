package io.parley.core.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.InputStream;
import java.io.Reader;
import java.util.Collection;
import java.util.Map;

/**
 * The factory methods of {@link jakarta.json.Json} on a provider looked up once. Each call of
 * {@code Jsons.createObjectBuilder()} and its kin looks the provider up again through the service
 * loader, which showed as a tenth of the server's CPU under load; Parley's own code uses these.
 */
public final class Jsons {

  private static final JsonProvider PROVIDER = JsonProvider.provider();
  private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
  private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());

  private Jsons() {}

  public static JsonObjectBuilder createObjectBuilder() {
    return BUILDERS.createObjectBuilder();
  }

  public static JsonObjectBuilder createObjectBuilder(JsonObject object) {
    return BUILDERS.createObjectBuilder(object);
  }

  public static JsonArrayBuilder createArrayBuilder() {
    return BUILDERS.createArrayBuilder();
  }

  public static JsonArrayBuilder createArrayBuilder(JsonArray array) {
    return BUILDERS.createArrayBuilder(array);
  }

  public static JsonArrayBuilder createArrayBuilder(Collection<?> values) {
    return BUILDERS.createArrayBuilder(values);
  }

  public static JsonReader createReader(Reader reader) {
    return READERS.createReader(reader);
  }

  public static JsonReader createReader(InputStream in) {
    return READERS.createReader(in);
  }

  /** The JSON object written in {@code text}. */
  public static JsonObject parseObject(String text) {
    try (JsonReader reader = createReader(new java.io.StringReader(text))) {
      return reader.readObject();
    }
  }

  public static JsonString createValue(String value) {
    return PROVIDER.createValue(value);
  }

  public static JsonNumber createValue(long value) {
    return PROVIDER.createValue(value);
  }

  public static JsonNumber createValue(double value) {
    return PROVIDER.createValue(value);
  }
}
