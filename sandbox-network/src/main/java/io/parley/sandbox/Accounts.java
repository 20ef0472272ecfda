package io.parley.sandbox;

import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Payload;
import io.parley.protocol.wire.VerifiedNameCertificate;
import io.parley.protocol.wire.WireFormatException;
import io.parley.sandbox.store.Journal;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Business accounts: registration of a number with a network-signed verified-name certificate and a
 * six-digit code (sent by "sms" or "voice", that is, written to the log and the control API), the
 * two-step PIN, the account's static transport key, its shard count (connection slots 0 to count -
 * 1), and per connection slot the highest epoch seen, so that a connection with an older epoch is
 * refused.
 */
final class Accounts {

  private static final Logger LOG = Logger.getLogger(Accounts.class.getName());
  private static final String ACCOUNT_PREFIX = "acct/";
  private static final String PENDING_PREFIX = "reg/";
  private static final int MAX_CODE_ATTEMPTS = 5;

  private final Journal journal;
  private final byte[] certificateKey;
  private final SecureRandom random;

  Accounts(Journal journal, byte[] certificatePublicKey, SecureRandom random) {
    this.journal = journal;
    this.certificateKey = certificatePublicKey.clone();
    this.random = random;
  }

  /** The account of {@code waId}, or {@code null}. */
  JsonObject account(String waId) {
    byte[] stored = journal.get(ACCOUNT_PREFIX + waId);
    return stored == null ? null : JsonText.parse(stored);
  }

  /** Whether {@code waId} is a registered business account. */
  boolean exists(String waId) {
    return journal.get(ACCOUNT_PREFIX + waId) != null;
  }

  /** The registration waiting for its code, or {@code null}. */
  JsonObject pending(String waId) {
    byte[] stored = journal.get(PENDING_PREFIX + waId);
    return stored == null ? null : JsonText.parse(stored);
  }

  /** Every account, for the control API. */
  Iterable<byte[]> all() {
    return journal.prefixed(ACCOUNT_PREFIX).values();
  }

  /**
   * A registration request from a client holding static key {@code clientKey}: refused for a bad
   * certificate; done at once if the number is already registered to this key; else a code is sent.
   */
  Payload.RegisterResult register(byte[] clientKey, Payload.Register request) {
    VerifiedNameCertificate certificate;
    try {
      certificate = VerifiedNameCertificate.decode(request.certificate());
    } catch (WireFormatException e) {
      return new Payload.RegisterResult(ErrorCodes.INVALID_PARAMETER, "", new byte[0]);
    }
    if (!certificate.isSignedBy(certificateKey)
        || !certificate.countryCode().equals(request.countryCode())
        || !certificate.phoneNumber().equals(request.phoneNumber())
        || !digits(request.countryCode())
        || !digits(request.phoneNumber())) {
      return new Payload.RegisterResult(ErrorCodes.INVALID_PARAMETER, "", new byte[0]);
    }
    String waId = request.countryCode() + request.phoneNumber();
    JsonObject existing = account(waId);
    if (existing != null
        && MessageDigest.isEqual(JsonText.unb64(existing.getString("static_key")), clientKey)) {
      return new Payload.RegisterResult(ErrorCodes.OK, waId, request.certificate());
    }
    String code = String.format("%06d", random.nextInt(1_000_000));
    String method = request.method().name().toLowerCase(java.util.Locale.ROOT);
    JsonObject pending =
        Json.createObjectBuilder()
            .add("wa_id", waId)
            .add("cc", request.countryCode())
            .add("phone_number", request.phoneNumber())
            .add("code", code)
            .add("method", method)
            .add("verified_name", certificate.verifiedName())
            .add("certificate", JsonText.b64(request.certificate()))
            .add("static_key", JsonText.b64(clientKey))
            .add("attempts", 0)
            .add("requested_at", System.currentTimeMillis())
            .build();
    journal.put(PENDING_PREFIX + waId, JsonText.bytes(pending)).join();
    LOG.info("Registration code for +" + waId + " by " + method + ": " + code);
    return new Payload.RegisterResult(ErrorCodes.OK, "", request.certificate());
  }

  /**
   * The code (and PIN) for a pending registration. On success the account belongs to {@code
   * clientKey} from now on: connections with any other key are refused.
   */
  Payload.RegisterResult verify(byte[] clientKey, Payload.Verify request) {
    String waId = request.countryCode() + request.phoneNumber();
    JsonObject pending = pending(waId);
    if (pending == null
        || !MessageDigest.isEqual(JsonText.unb64(pending.getString("static_key")), clientKey)) {
      return new Payload.RegisterResult(ErrorCodes.INVALID_PARAMETER, "", new byte[0]);
    }
    if (!pending.getString("code").equals(request.code())) {
      int attempts = pending.getInt("attempts") + 1;
      if (attempts >= MAX_CODE_ATTEMPTS) {
        journal.delete(PENDING_PREFIX + waId).join();
      } else {
        journal
            .put(
                PENDING_PREFIX + waId,
                JsonText.bytes(Json.createObjectBuilder(pending).add("attempts", attempts).build()))
            .join();
      }
      return new Payload.RegisterResult(ErrorCodes.INVALID_PARAMETER, "", new byte[0]);
    }
    JsonObject existing = account(waId);
    String pinHash = existing == null ? "" : existing.getString("pin_hash", "");
    if (!pinHash.isEmpty() && !pinHash.equals(pinHash(waId, request.pin()))) {
      return new Payload.RegisterResult(ErrorCodes.ACCESS_DENIED, "", new byte[0]);
    }
    JsonObjectBuilder account =
        Json.createObjectBuilder()
            .add("wa_id", waId)
            .add("cc", pending.getString("cc"))
            .add("phone_number", pending.getString("phone_number"))
            .add("verified_name", pending.getString("verified_name"))
            .add("certificate", pending.getString("certificate"))
            .add("static_key", JsonText.b64(clientKey))
            .add("pin_hash", pinHash)
            .add("shards", existing == null ? 1 : existing.getInt("shards", 1))
            .add(
                "epochs",
                existing == null
                    ? Json.createObjectBuilder().build()
                    : existing.getJsonObject("epochs"))
            .add("registered_at", System.currentTimeMillis());
    journal.put(ACCOUNT_PREFIX + waId, JsonText.bytes(account.build()));
    journal.delete(PENDING_PREFIX + waId).join();
    LOG.info("Account +" + waId + " registered");
    return new Payload.RegisterResult(
        ErrorCodes.OK, waId, JsonText.unb64(pending.getString("certificate")));
  }

  /**
   * Whether a client with {@code clientKey} may connect as {@code waId} in slot {@code slot} with
   * {@code epoch}: the error code, or OK after recording the epoch as the slot's newest.
   */
  synchronized int admit(String waId, byte[] clientKey, int slot, long epoch) {
    JsonObject account = account(waId);
    if (account == null
        || !MessageDigest.isEqual(JsonText.unb64(account.getString("static_key")), clientKey)) {
      return ErrorCodes.ACCESS_DENIED;
    }
    if (slot < 0 || slot >= account.getInt("shards", 1)) {
      return ErrorCodes.INVALID_PARAMETER;
    }
    JsonObject epochs = account.getJsonObject("epochs");
    String name = Integer.toString(slot);
    long newest = epochs.containsKey(name) ? epochs.getJsonNumber(name).longValue() : 0;
    if (epoch < newest) {
      return ErrorCodes.STALE_EPOCH;
    }
    if (epoch > newest) {
      Map<String, Long> updated = new TreeMap<>();
      epochs.forEach(
          (key, value) -> updated.put(key, ((jakarta.json.JsonNumber) value).longValue()));
      updated.put(name, epoch);
      JsonObjectBuilder epochJson = Json.createObjectBuilder();
      updated.forEach(epochJson::add);
      journal
          .put(
              ACCOUNT_PREFIX + waId,
              JsonText.bytes(Json.createObjectBuilder(account).add("epochs", epochJson).build()))
          .join();
    }
    return ErrorCodes.OK;
  }

  /** The newest epoch seen for the account's slot. */
  long epoch(String waId, int slot) {
    JsonObject account = account(waId);
    if (account == null) {
      return 0;
    }
    JsonObject epochs = account.getJsonObject("epochs");
    String name = Integer.toString(slot);
    return epochs.containsKey(name) ? epochs.getJsonNumber(name).longValue() : 0;
  }

  /** The number of shards the account's traffic is split into (1 until it sets more). */
  int shards(String waId) {
    JsonObject account = account(waId);
    return account == null ? 1 : account.getInt("shards", 1);
  }

  /** Sets the account's shard count (already checked with {@code Shards.valid}). */
  synchronized void setShards(String waId, int count) {
    JsonObject account = account(waId);
    if (account == null) {
      return;
    }
    journal
        .put(
            ACCOUNT_PREFIX + waId,
            JsonText.bytes(Json.createObjectBuilder(account).add("shards", count).build()))
        .join();
  }

  /** Sets (or, when empty, removes) the account's two-step PIN. */
  synchronized void setPin(String waId, String pin) {
    JsonObject account = account(waId);
    if (account == null) {
      return;
    }
    String hash = pin.isEmpty() ? "" : pinHash(waId, pin);
    journal
        .put(
            ACCOUNT_PREFIX + waId,
            JsonText.bytes(Json.createObjectBuilder(account).add("pin_hash", hash).build()))
        .join();
  }

  private static String pinHash(String waId, String pin) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest((waId + ":" + pin).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean digits(String text) {
    return !text.isEmpty() && text.length() <= 15 && text.chars().allMatch(Character::isDigit);
  }
}
