package io.parley.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.errors.ApiException;
import io.parley.core.json.Jsons;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The validation of {@code POST /v1/settings/application/media/providers} bodies. */
class MediaProviderConfigTest {

  private static JsonValue json(String text) {
    try (JsonReader reader = Jsons.createReader(new StringReader(text.replace('\'', '"')))) {
      return reader.readValue();
    }
  }

  @Test
  void aBearerProviderAuthorizesWithItsToken() {
    List<MediaProviderConfig> providers =
        MediaProviderConfig.parseAll(
            json("[{'name':'cdn_1','type':'www','config':{'bearer':'abc.DEF-123'}}]"));

    assertEquals(1, providers.size());
    assertEquals("cdn_1", providers.get(0).name());
    assertEquals("Bearer abc.DEF-123", providers.get(0).authorization());
  }

  @Test
  void aBasicProviderAuthorizesWithItsUserAndPasswordInBase64() {
    MediaProviderConfig provider =
        MediaProviderConfig.parseAll(
                json(
                    "[{'name':'files','type':'www','config':{'basic':{'username':'Aladdin',"
                        + "'password':'open sesame'}}}]"))
            .get(0);

    assertEquals("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", provider.authorization());
  }

  @Test
  void theShownFormHidesEverySecretButKeepsTheUserName() {
    MediaProviderConfig basic =
        MediaProviderConfig.parseAll(
                json(
                    "[{'name':'b','type':'www','config':{'basic':{'username':'u','password':'pw-1'}}}]"))
            .get(0);
    MediaProviderConfig bearer =
        MediaProviderConfig.parseAll(
                json("[{'name':'t','type':'www','config':{'bearer':'tok-1'}}]"))
            .get(0);

    assertEquals(
        json("{'name':'b','type':'www','config':{'basic':{'username':'u','password':'********'}}}"),
        basic.shown());
    assertEquals(json("{'name':'t','type':'www','config':{'bearer':'********'}}"), bearer.shown());
    assertFalse(basic.shown().toString().contains("pw-1"));
    assertFalse(basic.toString().contains("pw-1"));
  }

  @Test
  void theStoredFormReadsBackAsTheSameProvider() {
    MediaProviderConfig given =
        MediaProviderConfig.parseAll(
                json(
                    "[{'name':'b','type':'www','config':{'basic':{'username':'u','password':'p'}}}]"))
            .get(0);

    MediaProviderConfig stored = MediaProviderConfig.stored("b", "www", given.configJson());

    assertEquals(given.authorization(), stored.authorization());
    assertNull(stored.bearer());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'name':'x','type':'www','config':{'bearer':'t'}}|1009",
        "[]|1009",
        "[1]|1009",
        "[{'type':'www','config':{'bearer':'t'}}]|1008",
        "[{'name':'','type':'www','config':{'bearer':'t'}}]|1009",
        "[{'name':'has space','type':'www','config':{'bearer':'t'}}]|1009",
        "[{'name':'a/b','type':'www','config':{'bearer':'t'}}]|1009",
        "[{'name':7,'type':'www','config':{'bearer':'t'}}]|1009",
        "[{'name':'x','config':{'bearer':'t'}}]|1008",
        "[{'name':'x','type':'s3','config':{'bearer':'t'}}]|1009",
        "[{'name':'x','type':'www'}]|1008",
        "[{'name':'x','type':'www','config':'t'}]|1009",
        "[{'name':'x','type':'www','config':{}}]|1008",
        "[{'name':'x','type':'www','config':{'bearer':'t','basic':{'username':'u','password':'p'}}}]|1009",
        "[{'name':'x','type':'www','config':{'bearer':'t','other':1}}]|1009",
        "[{'name':'x','type':'www','config':{'bearer':''}}]|1009",
        "[{'name':'x','type':'www','config':{'bearer':'two words'}}]|1009",
        "[{'name':'x','type':'www','config':{'bearer':3}}]|1009",
        "[{'name':'x','type':'www','config':{'bearer':'********'}}]|1009",
        "[{'name':'x','type':'www','config':{'basic':'u:p'}}]|1009",
        "[{'name':'x','type':'www','config':{'basic':{'password':'p'}}}]|1008",
        "[{'name':'x','type':'www','config':{'basic':{'username':'u'}}}]|1008",
        "[{'name':'x','type':'www','config':{'basic':{'username':'a:b','password':'p'}}}]|1009",
        "[{'name':'x','type':'www','config':{'basic':{'username':'u','password':''}}}]|1009",
        "[{'name':'x','type':'www','config':{'bearer':'t'}},{'name':'X','type':'www','config':{'bearer':'u'}}]|1009",
      })
  void aBadBodyIsRefusedWithItsCode(String body, int code) {
    ApiException e =
        assertThrows(ApiException.class, () -> MediaProviderConfig.parseAll(json(body)));

    assertEquals(code, e.errorCode().code(), e.details());
  }

  @Test
  void aRefusedSecretIsNeverEchoed() {
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                MediaProviderConfig.parseAll(
                    json("[{'name':'x','type':'www','config':{'bearer':'my secret'}}]")));

    assertFalse(e.details().contains("my secret"), e.details());
    assertEquals(
        "Parameter '[0].config.bearer' must be visible ASCII characters without spaces",
        e.details());
  }

  @Test
  void moreThanTwentyProvidersAtOnceAreRefused() {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i <= MediaProviderConfig.MAX_PROVIDERS_PER_REQUEST; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{'name':'p")
          .append(i)
          .append("','type':'www','config':{'bearer':'t'}}");
    }

    assertThrows(
        ApiException.class, () -> MediaProviderConfig.parseAll(json(body.append("]").toString())));
  }
}
