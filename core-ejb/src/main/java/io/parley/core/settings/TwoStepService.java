package io.parley.core.settings;

import io.parley.core.account.AccountService;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.json.Jsons;
import io.parley.core.network.NetworkSession;
import io.parley.core.network.NetworkUnavailableException;
import io.parley.core.users.PasswordHasher;
import io.parley.persistence.settings.SettingRepository;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Payload;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Two-step verification: the 6-digit PIN that registration asks for once it is enabled. Only an
 * Argon2id hash of the PIN is stored.
 */
@Stateless
public class TwoStepService {

  private static final Pattern PIN = Pattern.compile("[0-9]{6}");

  @Inject SettingRepository settings;
  @EJB NetworkSession network;
  @EJB AccountService account;

  private final PasswordHasher hasher = new PasswordHasher();

  /** Enables two-step verification with {@code pin} (exactly 6 digits, else 400/1009). */
  public void enable(String pin) {
    if (!PIN.matcher(pin).matches()) {
      throw ApiException.invalid("Parameter 'pin' must be exactly 6 digits");
    }
    settings.put(
        SettingKeys.TWO_STEP_PIN_HASH,
        StoredJson.write(Jsons.createValue(hasher.hash(pin))),
        System.currentTimeMillis());
    tellNetwork(pin);
  }

  /** Disables two-step verification; nothing happens when it is not enabled. */
  public void disable() {
    settings.remove(SettingKeys.TWO_STEP_PIN_HASH);
    tellNetwork("");
  }

  /**
   * Sets the PIN the network asks for when the number is registered again (empty: none). Before
   * registration there is nothing to tell; the PIN is kept here and given at registration.
   */
  private void tellNetwork(String pin) {
    if (!account.isRegistered()) {
      return;
    }
    int code;
    try {
      code = network.send(new Payload.SetPin(pin));
    } catch (NetworkUnavailableException e) {
      throw new ApiException(
          ErrorCode.SERVICE_NOT_READY, "The network cannot be reached to change the PIN now");
    }
    if (code != ErrorCodes.OK) {
      throw new ApiException(
          ErrorCode.GENERIC, "The network refused the two-step PIN (code " + code + ")");
    }
  }

  public boolean enabled() {
    return pinHash().isPresent();
  }

  /** Whether {@code pin} is the enabled PIN; false when two-step verification is disabled. */
  public boolean matches(String pin) {
    return pinHash().map(hash -> hasher.verify(pin, hash)).orElse(false);
  }

  private Optional<String> pinHash() {
    return settings
        .find(SettingKeys.TWO_STEP_PIN_HASH)
        .flatMap(StoredJson::read)
        .filter(JsonString.class::isInstance)
        .map(value -> ((JsonString) value).getString());
  }
}
