package io.parley.core.settings;

import java.util.List;

/**
 * The names under which the settings feature keeps its values in {@code app_setting}. Every value
 * is JSON text; a missing row means the default.
 */
public final class SettingKeys {

  private SettingKeys() {}

  /** One row per application setting, e.g. {@code application.webhooks.url}. */
  public static final String APPLICATION = "application.";

  public static final String PROFILE_ABOUT = "profile.about";

  /** One row per business profile field, e.g. {@code business.profile.email}. */
  public static final String BUSINESS_PROFILE = "business.profile.";

  /** The Argon2id hash of the two-step verification PIN; absent when two-step is disabled. */
  public static final String TWO_STEP_PIN_HASH = "account.two_step.pin_hash";

  /** The name prefixes a backup holds and a restore replaces. */
  public static final List<String> BACKED_UP =
      List.of(APPLICATION, "profile.", "business.", "account.two_step.");

  public static boolean isBackedUp(String name) {
    return BACKED_UP.stream().anyMatch(name::startsWith);
  }
}
