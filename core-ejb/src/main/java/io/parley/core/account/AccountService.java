package io.parley.core.account;

import io.parley.core.certificates.AtRestCipher;
import io.parley.core.config.ParleyConfig;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.health.HealthService;
import io.parley.core.network.NetworkDialer;
import io.parley.core.network.NetworkUnavailableException;
import io.parley.persistence.account.AccountRepository;
import io.parley.persistence.account.AccountState;
import io.parley.persistence.settings.SettingRepository;
import io.parley.protocol.crypto.X25519;
import io.parley.protocol.noise.NoiseChannel;
import io.parley.protocol.noise.NoiseException;
import io.parley.protocol.ratchet.DeviceKeys;
import io.parley.protocol.ratchet.OneTimePreKey;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import io.parley.protocol.wire.VerifiedNameCertificate;
import io.parley.protocol.wire.WireFormatException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The business number this node speaks for: registration with the network ({@code /v1/account} and
 * {@code /v1/account/verify}), and the keys a network connection and end-to-end encryption need.
 * Private keys are sealed at rest with the node's at-rest key.
 */
@Stateless
public class AccountService {

  private static final Logger LOG = Logger.getLogger(AccountService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Pattern PIN = Pattern.compile("[0-9]{6}");
  private static final int REGISTRATION_TIMEOUT_MILLIS = 10_000;
  static final String TRANSPORT_KEY = "account.transport_key";
  static final String DEVICE_KEYS = "account.device_keys";
  static final String PENDING_PIN = "account.pending_pin";

  @Inject AccountRepository accounts;
  @Inject SettingRepository settings;
  @Inject ParleyConfig config;
  @EJB RegistrationCache registration;
  private final AtRestCipher atRest = AtRestCipher.fromConfiguration();

  /** What {@code POST /v1/account} led to. */
  public record Registration(boolean alreadyRegistered, String verifiedName) {}

  /** What a network connection logs in with. */
  public record Credentials(String waId, X25519.KeyPair transportKey, int shards) {}

  /**
   * Asks the network to register {@code cc}+{@code phoneNumber} with the verified-name {@code
   * cert}: already registered (201), or a code was sent by {@code method} (202).
   */
  public Registration register(
      String cc, String phoneNumber, String method, String cert, Optional<String> pin) {
    if (!DIGITS.matcher(cc).matches() || cc.length() > 3) {
      throw ApiException.invalid("cc", cc);
    }
    if (!DIGITS.matcher(phoneNumber).matches() || phoneNumber.length() > 15) {
      throw ApiException.invalid("phone_number", phoneNumber);
    }
    Payload.CodeMethod codeMethod =
        switch (method) {
          case "sms" -> Payload.CodeMethod.SMS;
          case "voice" -> Payload.CodeMethod.VOICE;
          default -> throw ApiException.invalid("method", method);
        };
    pin.filter(p -> !PIN.matcher(p).matches())
        .ifPresent(
            p -> {
              throw ApiException.invalid("Parameter 'pin' must be 6 digits");
            });
    VerifiedNameCertificate certificate = certificate(cert, cc, phoneNumber);
    byte[] certificateBytes = certificate.encode();
    long now = System.currentTimeMillis();
    AccountState account = accounts.lock().orElse(null);
    if (account == null) {
      X25519.KeyPair transport = X25519.generate(RANDOM);
      account =
          new AccountState(
              cc,
              phoneNumber,
              certificate.verifiedName(),
              certificateBytes,
              atRest.sealBytes(TRANSPORT_KEY, transport.privateKey()),
              now);
      accounts.save(account);
    } else if (!account.getWaId().equals(cc + phoneNumber)
        || !java.util.Arrays.equals(account.getCertificate(), certificateBytes)) {
      account.restart(cc, phoneNumber, certificate.verifiedName(), certificateBytes, now);
      registration.invalidate();
    }
    Payload.RegisterResult result =
        ask(
            transportKey(account),
            new Payload.Register(cc, phoneNumber, codeMethod, certificateBytes));
    if (result.errorCode() != ErrorCodes.OK) {
      throw refused(result.errorCode(), "registration");
    }
    if (!result.account().isEmpty() && account.isRegistered()) {
      return new Registration(true, account.getVerifiedName());
    }
    if (!result.account().isEmpty()) {
      // The network already knows this key for the number (registered before this database).
      completeRegistration(account, now);
      return new Registration(true, account.getVerifiedName());
    }
    if (pin.isPresent()) {
      // The network asks for the PIN with the code: keep it (sealed) until then.
      settings.put(PENDING_PIN, "\"" + atRest.seal(PENDING_PIN, pin.get()) + "\"", now);
    } else {
      settings.remove(PENDING_PIN);
    }
    LOG.infof("Registration of +%s%s requested by %s", cc, phoneNumber, method);
    return new Registration(false, certificate.verifiedName());
  }

  /** Completes a registration with the code the network sent (and the two-step PIN if set). */
  public void verify(String code, Optional<String> pin) {
    if (!PIN.matcher(code).matches()) {
      throw ApiException.invalid("code", code);
    }
    AccountState account =
        accounts
            .lock()
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorCode.INVALID_REQUEST,
                        "No registration is pending: POST /v1/account first"));
    if (account.isRegistered()) {
      return;
    }
    String givenPin =
        pin.or(
                () ->
                    settings
                        .find(PENDING_PIN)
                        .map(stored -> atRest.open(PENDING_PIN, stored.replace("\"", ""))))
            .orElse("");
    Payload.RegisterResult result =
        ask(
            transportKey(account),
            new Payload.Verify(account.getCountryCode(), account.getPhoneNumber(), code, givenPin));
    if (result.errorCode() != ErrorCodes.OK) {
      throw refused(result.errorCode(), "verification");
    }
    completeRegistration(account, System.currentTimeMillis());
    settings.remove(PENDING_PIN);
    LOG.infof("Account +%s registered", account.getWaId());
  }

  private void completeRegistration(AccountState account, long now) {
    DeviceKeys keys = DeviceKeys.generate(RANDOM);
    account.registered(atRest.sealBytes(DEVICE_KEYS, keys.encode()), now);
    registration.invalidate();
    settings.put(HealthService.ACCOUNT_WA_ID, "\"" + account.getWaId() + "\"", now);
  }

  /**
   * Whether the node has a registered account (asked by every message accepted: no transaction).
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public boolean isRegistered() {
    return waId().isPresent();
  }

  /** The registered account's wa_id. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<String> waId() {
    return registered().map(RegistrationCache.Registered::waId);
  }

  /** How many shards the registered account's traffic is split into (1 while none is). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public int shards() {
    return registered().map(RegistrationCache.Registered::shards).orElse(1);
  }

  /** The stored shard count, read now (1 while no account is registered). */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int storedShards() {
    return accounts
        .find()
        .filter(AccountState::isRegistered)
        .map(AccountState::getShards)
        .orElse(1);
  }

  /** Stores the account's shard count (already agreed with the network). */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void setShards(int count) {
    AccountState account =
        accounts
            .lock()
            .filter(AccountState::isRegistered)
            .orElseThrow(() -> new NetworkUnavailableException("no account is registered"));
    account.setShards(count, System.currentTimeMillis());
    registration.invalidate();
  }

  private Optional<RegistrationCache.Registered> registered() {
    return registration.registered(
        () ->
            accounts
                .find()
                .filter(AccountState::isRegistered)
                .map(a -> new RegistrationCache.Registered(a.getWaId(), a.getShards())));
  }

  /**
   * What a network connection logs in with: the account, its transport key and its shard count;
   * empty while no account is registered. The connection's epoch comes from its shard's lease.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Optional<Credentials> connectionCredentials() {
    return accounts
        .find()
        .filter(AccountState::isRegistered)
        .map(
            account ->
                new Credentials(account.getWaId(), transportKey(account), account.getShards()));
  }

  /** The device's end-to-end keys (read only; changes go through {@link #updateDeviceKeys}). */
  public DeviceKeys deviceKeys() {
    AccountState account =
        accounts
            .find()
            .filter(AccountState::isRegistered)
            .orElseThrow(() -> new NetworkUnavailableException("no account is registered"));
    return openDeviceKeys(account);
  }

  /**
   * Runs {@code change} on the device keys under the account lock and stores the result; what
   * {@code change} returns.
   */
  public <T> T updateDeviceKeys(java.util.function.Function<DeviceKeys, T> change) {
    AccountState account =
        accounts
            .lock()
            .filter(AccountState::isRegistered)
            .orElseThrow(() -> new NetworkUnavailableException("no account is registered"));
    DeviceKeys keys = openDeviceKeys(account);
    T result = change.apply(keys);
    account.deviceKeys(atRest.sealBytes(DEVICE_KEYS, keys.encode()), System.currentTimeMillis());
    return result;
  }

  /**
   * Answers a peer's first message (X3DH): the new session and the plaintext; the one-time prekey
   * it used is gone from the stored keys.
   */
  public DeviceKeys.Accepted acceptFirstMessage(io.parley.protocol.ratchet.RatchetMessage first)
      throws io.parley.protocol.ratchet.RatchetException {
    AccountState account =
        accounts
            .lock()
            .filter(AccountState::isRegistered)
            .orElseThrow(() -> new NetworkUnavailableException("no account is registered"));
    DeviceKeys keys = openDeviceKeys(account);
    DeviceKeys.Accepted accepted = keys.accept(first, RANDOM);
    account.deviceKeys(atRest.sealBytes(DEVICE_KEYS, keys.encode()), System.currentTimeMillis());
    return accepted;
  }

  /** {@code count} new one-time prekeys, stored, as the upload that publishes them. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Payload.PreKeyUpload newPreKeys(int count) {
    return updateDeviceKeys(
        keys -> {
          List<OneTimePreKey> fresh = keys.newOneTimePreKeys(count, RANDOM);
          return keys.upload(fresh);
        });
  }

  private DeviceKeys openDeviceKeys(AccountState account) {
    try {
      return DeviceKeys.decode(atRest.openBytes(DEVICE_KEYS, account.getSealedDeviceKeys()));
    } catch (WireFormatException e) {
      throw new IllegalStateException("stored device keys are corrupt", e);
    }
  }

  private X25519.KeyPair transportKey(AccountState account) {
    return X25519.fromPrivate(atRest.openBytes(TRANSPORT_KEY, account.getSealedTransportKey()));
  }

  private static VerifiedNameCertificate certificate(String cert, String cc, String phoneNumber) {
    VerifiedNameCertificate certificate;
    try {
      certificate = VerifiedNameCertificate.fromBase64(cert);
    } catch (WireFormatException | IllegalArgumentException e) {
      throw ApiException.invalid("Parameter 'cert' is not a valid verified-name certificate");
    }
    if (!certificate.countryCode().equals(cc) || !certificate.phoneNumber().equals(phoneNumber)) {
      throw ApiException.invalid(
          "Parameter 'cert' was issued for another number than +" + cc + phoneNumber);
    }
    return certificate;
  }

  private Payload.RegisterResult ask(X25519.KeyPair transportKey, Payload request) {
    try (NoiseChannel channel =
        NetworkDialer.dial(
            config, transportKey, new Payload.Login("", 0, 0), REGISTRATION_TIMEOUT_MILLIS)) {
      Frame answer =
          NetworkDialer.exchange(
              channel, request, java.time.Duration.ofMillis(REGISTRATION_TIMEOUT_MILLIS));
      if (answer.payload() instanceof Payload.RegisterResult result) {
        return result;
      }
      if (answer.payload() instanceof Payload.Error error) {
        return new Payload.RegisterResult(error.code(), "", new byte[0]);
      }
      return new Payload.RegisterResult(
          ((Payload.Ack) answer.payload()).errorCode(), "", new byte[0]);
    } catch (IOException | NoiseException e) {
      throw new ApiException(
          ErrorCode.SERVICE_NOT_READY, "The network cannot be reached: " + e.getMessage());
    } catch (NetworkUnavailableException e) {
      throw new ApiException(ErrorCode.SERVICE_NOT_READY, e.getMessage());
    }
  }

  private static ApiException refused(int code, String what) {
    if (code == ErrorCodes.ACCESS_DENIED) {
      return new ApiException(
          ErrorCode.ACCESS_DENIED,
          "The network refused the " + what + ": wrong two-step verification PIN");
    }
    return ApiException.invalid(
        "The network refused the "
            + what
            + " (code "
            + code
            + "): check the number, certificate or code");
  }
}
