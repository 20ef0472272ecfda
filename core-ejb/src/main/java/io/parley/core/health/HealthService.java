package io.parley.core.health;

import io.parley.core.network.NetworkSession;
import io.parley.persistence.settings.SettingRepository;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/**
 * The gateway status of this node, as {@code /v1/health} reports it. Until an account is registered
 * the node is {@code unregistered}; afterwards it is what the network session reports.
 */
@Stateless
public class HealthService {

  /** The setting that holds the registered account's wa_id. */
  public static final String ACCOUNT_WA_ID = "account.wa_id";

  @Inject SettingRepository settings;
  @EJB NetworkSession network;

  public GatewayStatus gatewayStatus() {
    if (settings.find(ACCOUNT_WA_ID).isEmpty()) {
      return GatewayStatus.UNREGISTERED;
    }
    GatewayStatus status = network.status();
    return status == GatewayStatus.UNREGISTERED ? GatewayStatus.CONNECTING : status;
  }
}
