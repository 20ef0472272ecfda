package io.parley.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.protocol.crypto.X25519;
import io.parley.protocol.noise.NoiseException;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Payload;
import io.parley.protocol.wire.VerifiedNameCertificate;
import io.parley.sandbox.client.Business;
import io.parley.sandbox.client.BusinessClient;
import io.parley.sandbox.client.ControlClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registering a business number: the network-signed certificate, the six-digit code from the
 * control API and the log, the two-step PIN, the account's static key and connection epochs.
 */
class RegistrationTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path data;
  private SandboxNetwork sandbox;
  private ControlClient control;

  @BeforeEach
  void start() throws Exception {
    sandbox = SandboxNetwork.start(SandboxConfig.ephemeral(data));
    control = new ControlClient(sandbox.controlPort());
  }

  @AfterEach
  void stop() throws Exception {
    sandbox.close();
  }

  @Test
  void aNumberRegistersWithItsCertificateAndTheCodeFromTheControlApi() throws Exception {
    Business business = business();
    byte[] certificate = certificate("1", "5550001111", "Acme Shoes");
    try (BusinessClient anonymous = business.anonymous()) {
      Payload.RegisterResult sent =
          Business.awaitResult(
              anonymous,
              anonymous.send(
                  new Payload.Register("1", "5550001111", Payload.CodeMethod.VOICE, certificate)));
      assertEquals(ErrorCodes.OK, sent.errorCode());
      assertEquals("", sent.account(), "not registered yet: a code was sent");
      assertEquals("Acme Shoes", VerifiedNameCertificate.decode(sent.certificate()).verifiedName());

      var pending = control.expect(200, "GET", "/control/registrations/15550001111", null);
      assertEquals("voice", pending.getString("method"));
      String code = pending.getString("code");
      assertTrue(code.matches("[0-9]{6}"));
      String wrong = code.equals("000000") ? "111111" : "000000";

      assertEquals(
          ErrorCodes.INVALID_PARAMETER,
          Business.awaitResult(
                  anonymous, anonymous.send(new Payload.Verify("1", "5550001111", wrong, "")))
              .errorCode());
      Payload.RegisterResult done =
          Business.awaitResult(
              anonymous, anonymous.send(new Payload.Verify("1", "5550001111", code, "")));
      assertEquals(ErrorCodes.OK, done.errorCode());
      assertEquals("15550001111", done.account());

      Payload.RegisterResult again =
          Business.awaitResult(
              anonymous,
              anonymous.send(
                  new Payload.Register("1", "5550001111", Payload.CodeMethod.SMS, certificate)));
      assertEquals("15550001111", again.account(), "already registered to this key: nothing to do");
    }
    assertEquals(404, control.call("GET", "/control/registrations/15550001111", null).status());
    business.connect(1);
    assertTrue(
        control.expect(200, "GET", "/control/accounts/15550001111", null).getBoolean("connected"));
    business.close();
  }

  @Test
  void theCodeIsWrittenToTheLog() throws Exception {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(Accounts.class.getName());
    StringBuilder seen = new StringBuilder();
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            seen.append(record.getMessage()).append('\n');
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try (BusinessClient anonymous = business().anonymous()) {
      Business.awaitResult(
          anonymous,
          anonymous.send(
              new Payload.Register(
                  "1", "5550002222", Payload.CodeMethod.SMS, certificate("1", "5550002222", "B"))));
    } finally {
      logger.removeHandler(handler);
    }
    String code =
        control.expect(200, "GET", "/control/registrations/15550002222", null).getString("code");
    assertTrue(seen.toString().contains("+15550002222 by sms: " + code), seen.toString());
  }

  @Test
  void certificatesNotSignedByTheNetworkOrForAnotherNumberAreRefused() throws Exception {
    byte[] forged =
        VerifiedNameCertificate.issue(
                "1",
                "5550003333",
                "Acme",
                1,
                io.parley.protocol.crypto.Ed25519.generate(RANDOM).privateKey())
            .encode();
    byte[] otherNumber = certificate("1", "5550009999", "Acme");
    try (BusinessClient anonymous = business().anonymous()) {
      for (byte[] certificate :
          new byte[][] {forged, otherNumber, new byte[] {1, 2, 3}, new byte[0]}) {
        Payload.RegisterResult result =
            Business.awaitResult(
                anonymous,
                anonymous.send(
                    new Payload.Register("1", "5550003333", Payload.CodeMethod.SMS, certificate)));
        assertEquals(ErrorCodes.INVALID_PARAMETER, result.errorCode());
      }
    }
    assertEquals(404, control.call("GET", "/control/registrations/15550003333", null).status());
  }

  @Test
  void aTwoStepPinIsRequiredToRegisterTheNumberAgain() throws Exception {
    Business first = business().register("Acme", 1);
    first.client.awaitAck(first.client.send(new Payload.SetPin("424242")), Business.WAIT);
    assertTrue(
        control.expect(200, "GET", "/control/accounts/15550001111", null).getBoolean("two_step"));

    Business second = business();
    try (BusinessClient anonymous = second.anonymous()) {
      Business.awaitResult(
          anonymous,
          anonymous.send(
              new Payload.Register(
                  "1",
                  "5550001111",
                  Payload.CodeMethod.SMS,
                  certificate("1", "5550001111", "Acme"))));
      String code =
          control.expect(200, "GET", "/control/registrations/15550001111", null).getString("code");
      assertEquals(
          ErrorCodes.ACCESS_DENIED,
          Business.awaitResult(
                  anonymous, anonymous.send(new Payload.Verify("1", "5550001111", code, "111111")))
              .errorCode());
      assertEquals(
          ErrorCodes.OK,
          Business.awaitResult(
                  anonymous, anonymous.send(new Payload.Verify("1", "5550001111", code, "424242")))
              .errorCode());
    }
    // The number now belongs to the second key: the first one cannot log in any more.
    Payload.Error refused = refusal(first, 5);
    assertEquals(ErrorCodes.ACCESS_DENIED, refused.code());
    second.connect(5);
    second.close();
    first.close();
  }

  @Test
  void aConnectionWithAStaleEpochIsRefusedAndANewerOneReplacesTheOld() throws Exception {
    Business business = business().register("Acme", 1);
    BusinessClient epoch2 = business.connect(2);

    assertEquals(ErrorCodes.STALE_EPOCH, refusal(business, 1).code());
    assertFalse(epoch2.isClosed(), "the refused stale connection does not disturb the holder");

    try (BusinessClient epoch3 =
        BusinessClient.connect(
            sandbox.transportPort(),
            sandbox.transportKey(),
            business.transportKey,
            new Payload.Login(business.waId(), 0, 3))) {
      epoch3.awaitPayload(Payload.PreKeyStatus.class, Business.WAIT);
      Payload.Error replaced = epoch2.awaitPayload(Payload.Error.class, Business.WAIT);
      assertEquals(ErrorCodes.STALE_EPOCH, replaced.code());
      MessagingTest.waitUntil(epoch2::isClosed);
    }
    assertEquals(
        3,
        control
            .expect(200, "GET", "/control/accounts/15550001111", null)
            .getJsonObject("epochs")
            .getInt("0"));
    business.close();
  }

  @Test
  void theClientRefusesANetworkThatIsNotThePinnedKey() throws Exception {
    byte[] otherKey = X25519.generate(RANDOM).publicKey();
    assertThrows(
        NoiseException.class,
        () ->
            BusinessClient.connect(
                sandbox.transportPort(),
                otherKey,
                X25519.generate(RANDOM),
                new Payload.Login("", 0, 0)));
  }

  @Test
  void theNetworkKeysSurviveARestart() throws Exception {
    byte[] key = sandbox.transportKey();
    sandbox.close();
    sandbox = SandboxNetwork.start(SandboxConfig.ephemeral(data));
    assertEquals(
        Base64.getEncoder().encodeToString(key),
        Base64.getEncoder().encodeToString(sandbox.transportKey()));
    assertTrue(
        Files.readString(data.resolve("network.pub"))
            .contains(Base64.getEncoder().encodeToString(key)));
  }

  private Payload.Error refusal(Business business, long epoch) throws Exception {
    try (BusinessClient refused =
        BusinessClient.connect(
            sandbox.transportPort(),
            sandbox.transportKey(),
            business.transportKey,
            new Payload.Login(business.waId(), 0, epoch))) {
      Payload.Error error = refused.awaitPayload(Payload.Error.class, Business.WAIT);
      MessagingTest.waitUntil(refused::isClosed);
      return error;
    }
  }

  private Business business() {
    return new Business(
        "1", "5550001111", sandbox.transportPort(), sandbox.transportKey(), control);
  }

  private byte[] certificate(String cc, String phone, String name) throws Exception {
    String body =
        "{\"cc\":\""
            + cc
            + "\",\"phone_number\":\""
            + phone
            + "\",\"verified_name\":\""
            + name
            + "\"}";
    return Base64.getDecoder()
        .decode(
            control.expect(201, "POST", "/control/certificates", body).getString("certificate"));
  }
}
