package io.parley.core.cluster;

import io.parley.core.account.AccountService;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.network.NetworkSession;
import io.parley.core.network.NetworkUnavailableException;
import io.parley.core.settings.TwoStepService;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Payload;
import io.parley.protocol.wire.Shards;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code /v1/account/shards}: how many shards the account's traffic is split into, and changing it.
 * A change is checked (the registered number, a shard count of 1, 2, 4, 8, 16 or 32, the two-step
 * PIN when enabled), told to the network, then stored; every CoreApp node's {@link ShardKeeper}
 * then takes, or gives up, leases at its next heartbeat.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ShardService {

  private static final Logger LOG = Logger.getLogger(ShardService.class);

  @EJB AccountService accounts;
  @EJB NetworkSession network;
  @EJB TwoStepService twoStep;
  @EJB ShardKeeper keeper;

  /** The current shard count (1 until changed). */
  public int shards() {
    return accounts.storedShards();
  }

  /** Splits the registered number's traffic into {@code count} shards. */
  public void change(String cc, String phoneNumber, int count, Optional<String> pin) {
    String waId =
        accounts
            .waId()
            .orElseThrow(
                () -> new ApiException(ErrorCode.SERVICE_NOT_READY, "No number is registered"));
    if (!waId.equals(cc + phoneNumber)) {
      throw ApiException.invalid(
          "Parameters 'cc' and 'phone_number' must be the registered number");
    }
    if (!Shards.valid(count)) {
      throw ApiException.invalid("Parameter 'shards' must be 1, 2, 4, 8, 16 or 32");
    }
    if (twoStep.enabled() && !pin.map(twoStep::matches).orElse(false)) {
      throw new ApiException(ErrorCode.ACCESS_DENIED, "The two-step verification PIN is wrong");
    }
    int code;
    try {
      code = network.send(new Payload.SetShards(count));
    } catch (NetworkUnavailableException e) {
      // The original answers a temporary failure with 403: try again.
      throw new ApiException(
          ErrorCode.SERVICE_NOT_READY,
          "The network cannot be reached from this node now; try again",
          403);
    }
    if (code != ErrorCodes.OK) {
      throw new ApiException(
          ErrorCode.GENERIC, "The network refused the shard count (code " + code + ")");
    }
    accounts.setShards(count);
    LOG.infof("The account's traffic is now split into %d shards", count);
    keeper.wake();
  }
}
