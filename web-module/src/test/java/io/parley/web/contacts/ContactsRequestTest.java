package io.parley.web.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.errors.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactsRequestTest {

  /** JSON with single quotes, for readable test bodies. */
  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
  }

  @Test
  void noWaitWithoutForceCheckIsTheDefault() {
    ContactsRequest request = ContactsRequest.parse(json("{'contacts':['+1 631 555 1001']}"));

    assertEquals(List.of("+1 631 555 1001"), request.contacts());
    assertFalse(request.waitForNetwork());
    assertFalse(request.forceCheck());
  }

  @Test
  void waitAndForceCheckAreRead() {
    ContactsRequest request =
        ContactsRequest.parse(json("{'blocking':'wait','contacts':['1','2'],'force_check':true}"));

    assertEquals(List.of("1", "2"), request.contacts());
    assertTrue(request.waitForNetwork());
    assertTrue(request.forceCheck());
  }

  @Test
  void explicitNoWaitAndNullsAreTheDefaults() {
    ContactsRequest request =
        ContactsRequest.parse(json("{'blocking':'no_wait','contacts':['1'],'force_check':null}"));

    assertFalse(request.waitForNetwork());
    assertFalse(request.forceCheck());
    assertFalse(ContactsRequest.parse(json("{'blocking':null,'contacts':['1']}")).waitForNetwork());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|1008",
        "{'contacts':null}|1008",
        "{'contacts':[]}|1009",
        "{'contacts':'16315551000'}|1009",
        "{'contacts':{'0':'16315551000'}}|1009",
        "{'contacts':[16315551000]}|1009",
        "{'contacts':['16315551000',null]}|1009",
        "{'blocking':'sometimes','contacts':['1']}|1009",
        "{'blocking':'WAIT','contacts':['1']}|1009",
        "{'blocking':true,'contacts':['1']}|1009",
        "{'contacts':['1'],'force_check':'true'}|1009"
      })
  void malformedRequestsAreRefusedWithTheirCodes(String body, int code) {
    ApiException refused =
        assertThrows(ApiException.class, () -> ContactsRequest.parse(json(body)));

    assertEquals(code, refused.errorCode().code());
    assertEquals(400, refused.httpStatus());
  }
}
