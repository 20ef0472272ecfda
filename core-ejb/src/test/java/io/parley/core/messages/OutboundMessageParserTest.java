package io.parley.core.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.errors.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundMessageParserTest {

  /** JSON with single quotes, for readable test bodies. */
  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
  }

  private static int codeOf(String body) {
    return assertThrows(ApiException.class, () -> OutboundMessageParser.parse(json(body)))
        .errorCode()
        .code();
  }

  @Test
  void textIsTheDefaultType() {
    OutboundMessage message =
        OutboundMessageParser.parse(json("{'to':'+1 631-555-1234','text':{'body':'hi'}}"));

    assertEquals(MessageType.TEXT, message.type());
    assertEquals("16315551234", message.to());
    assertEquals("hi", message.content().getString("body"));
    assertFalse(message.previewUrl());
  }

  @Test
  void replyContextAndPreviewAreKept() {
    OutboundMessage message =
        OutboundMessageParser.parse(
            json(
                "{'to':'1','type':'text','preview_url':true,'context':{'message_id':'gBE1'},"
                    + "'text':{'body':'see https://example.com'}}"));

    assertTrue(message.previewUrl());
    assertEquals("gBE1", message.replyTo().orElseThrow());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'text':{'body':'x'}}|1008",
        "{'to':'abc','text':{'body':'x'}}|1009",
        "{'to':'1','type':'poll','poll':{}}|1009",
        "{'to':'1','recipient_type':'group','text':{'body':'x'}}|1002",
        "{'to':'1','type':'text'}|1008",
        "{'to':'1','text':{}}|1008",
        "{'to':'1','text':{'body':'x'},'image':{'id':'m'}}|1010",
        "{'to':'1','type':'image','preview_url':true,'image':{'id':'m'}}|1010",
        "{'to':'1','text':{'body':'x'},'ttl':''}|1009",
        "{'to':'1','text':{'body':'x'},'context':{}}|1008",
        "{'to':'1','text':{'body':'x'},'preview_url':'yes'}|1009",
        "{'to':'1','text':'hello'}|1009"
      })
  void commonFieldErrors(String body, int code) {
    assertEquals(code, codeOf(body));
  }

  @Test
  void textOver4096CharactersIs1001() {
    String body = "{'to':'1','text':{'body':'" + "x".repeat(4097) + "'}}";

    assertEquals(1001, codeOf(body));
    OutboundMessageParser.parse(json("{'to':'1','text':{'body':'" + "x".repeat(4096) + "'}}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'to':'1','type':'image','image':{}}|1008",
        "{'to':'1','type':'image','image':{'id':'m','link':'https://x.org/a.jpg'}}|1009",
        "{'to':'1','type':'image','image':{'link':'ftp://x.org/a.jpg'}}|1009",
        "{'to':'1','type':'image','image':{'link':'https://u:pw@x.org/a.jpg'}}|1009",
        "{'to':'1','type':'image','image':{'link':'not a url'}}|1009",
        "{'to':'1','type':'image','image':{'link':'file:///etc/passwd'}}|1009",
        "{'to':'1','type':'audio','audio':{'id':'m','caption':'c'}}|1010",
        "{'to':'1','type':'sticker','sticker':{'id':'m','caption':'c'}}|1010",
        "{'to':'1','type':'image','image':{'id':'m','filename':'a.jpg'}}|1010",
        "{'to':'1','type':'video','video':{'id':'m','provider':{'name':'p'}}}|1010",
        "{'to':'1','type':'video','video':{'id':'m','filename':'a.mp4'}}|1010",
        "{'to':'1','type':'audio','audio':{'id':'m','filename':'a.ogg'}}|1010",
        "{'to':'1','type':'sticker','sticker':{'id':'m','filename':'a.webp'}}|1010",
        "{'to':'1','type':'image','image':{'id':7}}|1009",
        "{'to':'1','type':'image','image':{'id':''}}|1009",
        "{'to':'1','type':'image','image':{'id':'m','caption':5}}|1009",
        "{'to':'1','type':'document','document':{'id':'m','filename':''}}|1009",
        "{'to':'1','type':'sticker','sticker':{'link':'https://x.org/a.webp','provider':{}}}|1008",
        "{'to':'1','type':'sticker'}|1008",
        "{'to':'1','type':'audio','audio':'m'}|1009"
      })
  void mediaErrors(String body, int code) {
    assertEquals(code, codeOf(body));
  }

  @Test
  void aLinkWithCredentialsIsRefusedWithoutEchoingThem() {
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                OutboundMessageParser.parse(
                    json(
                        "{'to':'1','type':'document','document':{'link':'https://u:s3cret@x.org/a'}}")));

    assertFalse(e.details().contains("s3cret"), e.details());
  }

  @Test
  void captionsOver1024CharactersAre1009() {
    String caption = "x".repeat(1025);

    assertEquals(
        1009, codeOf("{'to':'1','type':'image','image':{'id':'m','caption':'" + caption + "'}}"));
    OutboundMessageParser.parse(
        json(
            "{'to':'1','type':'image','image':{'id':'m','caption':'"
                + caption.substring(1)
                + "'}}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "image|{'id':'m','caption':'c'}",
        "audio|{'id':'m'}",
        "video|{'id':'m','caption':'c'}",
        "document|{'id':'m','caption':'c','filename':'a.pdf'}",
        "sticker|{'id':'m'}"
      })
  void everyMediaTypeIsAcceptedByIdWithTheOptionsItTakes(String type, String object) {
    OutboundMessage message =
        OutboundMessageParser.parse(
            json("{'to':'1','type':'" + type + "','" + type + "':" + object + "}"));

    assertEquals(MessageType.of(type).orElseThrow(), message.type());
    assertTrue(message.type().isMedia());
    assertEquals("m", message.content().getString("id"));
  }

  @Test
  void mediaByIdOrLinkWithTheirOptions() {
    OutboundMessageParser.parse(
        json(
            "{'to':'1','type':'document','document':{'id':'m','caption':'c','filename':'a.pdf'}}"));
    OutboundMessageParser.parse(
        json(
            "{'to':'1','type':'image','image':{'link':'https://x.org/a.jpg','provider':{'name':'p'}}}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'to':'1','type':'location','location':{'longitude':1}}|1008",
        "{'to':'1','type':'location','location':{'latitude':91,'longitude':1}}|1009",
        "{'to':'1','type':'contacts','contacts':[]}|1009",
        "{'to':'1','type':'contacts','contacts':[{'phones':[]}]}|1008",
        "{'to':'1','type':'contacts','contacts':[{'name':{'formatted_name':'A'},'birthday':'May'}]}|1009"
      })
  void locationAndContactsErrors(String body, int code) {
    assertEquals(code, codeOf(body));
  }

  @Test
  void contactsAreKeptAsGiven() {
    OutboundMessage message =
        OutboundMessageParser.parse(
            json(
                "{'to':'1','type':'contacts','contacts':[{'name':{'formatted_name':'Ann'},"
                    + "'phones':[{'phone':'+1 555','type':'WORK'}],'birthday':'1990-01-31'}]}"));

    assertEquals(
        "Ann",
        message
            .content()
            .getJsonArray("contacts")
            .getJsonObject(0)
            .getJsonObject("name")
            .getString("formatted_name"));
  }

  private static String list(int sections, int rowsEach) {
    StringBuilder out = new StringBuilder("[");
    for (int s = 0; s < sections; s++) {
      out.append(s == 0 ? "" : ",").append("{'title':'S").append(s).append("','rows':[");
      for (int r = 0; r < rowsEach; r++) {
        out.append(r == 0 ? "" : ",")
            .append("{'id':'r")
            .append(s)
            .append(r)
            .append("','title':'R'}");
      }
      out.append("]}");
    }
    return out.append("]").toString();
  }

  private static String listMessage(int sections, int rowsEach) {
    return "{'to':'1','type':'interactive','interactive':{'type':'list','body':{'text':'b'},"
        + "'action':{'button':'Pick','sections':"
        + list(sections, rowsEach)
        + "}}}";
  }

  @Test
  void listSectionAndRowCounts() {
    OutboundMessageParser.parse(json(listMessage(2, 5)));
    assertEquals(2015, codeOf(listMessage(11, 0)));
    assertEquals(2015, codeOf(listMessage(0, 0)));
    assertEquals(2016, codeOf(listMessage(2, 6)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'type':'button','body':{'text':'b'},'action':{'buttons':[]}}",
        "{'type':'button','body':{'text':'b'},'action':{'buttons':["
            + "{'type':'reply','reply':{'id':'1','title':'a'}},{'type':'reply','reply':{'id':'2','title':'b'}},"
            + "{'type':'reply','reply':{'id':'3','title':'c'}},{'type':'reply','reply':{'id':'4','title':'d'}}]}}",
        "{'type':'button','body':{'text':'b'},'action':{'buttons':[{'type':'reply','reply':{'id':'1','title':'a title over twenty chars'}}]}}",
        "{'type':'button','body':{'text':'b'},'action':{'buttons':["
            + "{'type':'reply','reply':{'id':'1','title':'a'}},{'type':'reply','reply':{'id':'1','title':'b'}}]}}",
        "{'type':'carousel','action':{}}",
        "{'type':'product_list','header':{'type':'image'},'body':{'text':'b'},'action':{}}"
      })
  void interactiveErrorsAre1009(String interactive) {
    assertEquals(1009, codeOf("{'to':'1','type':'interactive','interactive':" + interactive + "}"));
  }

  @Test
  void buttonsAndProductsAreAccepted() {
    OutboundMessageParser.parse(
        json(
            "{'to':'1','type':'interactive','interactive':{'type':'button','body':{'text':'b'},"
                + "'action':{'buttons':[{'type':'reply','reply':{'id':'yes','title':'Yes'}}]}}}"));
    OutboundMessageParser.parse(
        json(
            "{'to':'1','type':'interactive','interactive':{'type':'product',"
                + "'action':{'catalog_id':'c','product_retailer_id':'p'}}}"));
  }

  private static final String TEMPLATE =
      "{'to':'1','type':'template','template':{'namespace':'ns','name':'n',"
          + "'language':{'policy':'deterministic','code':'en_US'},'components':%s}}";

  @Test
  void templateWithEveryParameterTypeIsAccepted() {
    OutboundMessageParser.parse(
        json(
            String.format(
                TEMPLATE,
                "[{'type':'header','parameters':[{'type':'image','image':{'link':'https://x.org/a.png'}}]},"
                    + "{'type':'body','parameters':[{'type':'text','text':'t'},"
                    + "{'type':'currency','currency':{'fallback_value':'$1','code':'USD','amount_1000':1000}},"
                    + "{'type':'date_time','date_time':{'fallback_value':'Feb 25 1977'}}]},"
                    + "{'type':'button','sub_type':'quick_reply','index':'0','parameters':[{'type':'payload','payload':'p'}]},"
                    + "{'type':'button','sub_type':'url','index':1,'parameters':[{'type':'text','text':'x'}]}]")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[{'type':'footer'}]|1009",
        "[{'type':'button','sub_type':'call','index':'0'}]|1009",
        "[{'type':'button','sub_type':'url','index':'5'}]|1009",
        "[{'type':'button','sub_type':'url'}]|1008",
        "[{'type':'body','parameters':[{'type':'location'}]}]|1009",
        "[{'type':'body','parameters':[{'type':'currency','currency':{'fallback_value':'$1','code':'USD'}}]}]|1008",
        "[{'type':'body','parameters':[{'type':'text'}]}]|1008"
      })
  void templateComponentErrors(String components, int code) {
    assertEquals(code, codeOf(String.format(TEMPLATE, components)));
  }

  @Test
  void templateNeedsNamespaceNameAndALanguage() {
    assertEquals(
        1008,
        codeOf("{'to':'1','type':'template','template':{'name':'n','language':{'code':'en'}}}"));
    assertEquals(
        1008,
        codeOf(
            "{'to':'1','type':'template','template':{'namespace':'ns','language':{'code':'en'}}}"));
    assertEquals(
        1008, codeOf("{'to':'1','type':'template','template':{'namespace':'ns','name':'n'}}"));
    assertEquals(
        1009,
        codeOf(
            "{'to':'1','type':'template','template':{'namespace':'ns','name':'n',"
                + "'language':{'policy':'newest','code':'en'}}}"));
  }
}
