package io.parley.protocol.wire;

/**
 * The error codes the network puts in {@link Payload.Ack}, {@link Payload.Error}, {@link
 * Payload.RegisterResult} and failed {@link Payload.Receipt}s. Where the On-Premises API has a code
 * for the situation the network uses it, so the client can report it unchanged.
 */
public final class ErrorCodes {

  private ErrorCodes() {}

  /** Success. */
  public static final int OK = 0;

  /** The message's time to live ran out before the device came online. */
  public static final int EXPIRED = 410;

  /** The per-account throughput limit was hit; retry later. */
  public static final int RATE_LIMITED = 429;

  /** Stale connection: a newer epoch holds this account's connection (fencing). */
  public static final int STALE_EPOCH = 409;

  /** A non-template message outside the 24-hour customer-service window. */
  public static final int REENGAGEMENT = 470;

  /** The per-recipient rate limit was hit. */
  public static final int SPAM_RATE_LIMITED = 471;

  /** The recipient's device could not decrypt the message (its identity changed). */
  public static final int USER_POTENTIALLY_CHANGED = 480;

  /** Not authenticated as the account, or a wrong two-step PIN. */
  public static final int ACCESS_DENIED = 1005;

  /** A malformed request: bad certificate, wrong registration code, unknown account. */
  public static final int INVALID_PARAMETER = 1009;

  /** The number is not on the network. */
  public static final int USER_NOT_VALID = 1013;

  /** Template parameter count does not match the template. */
  public static final int TEMPLATE_PARAMETER_COUNT = 2000;

  /** No template of this namespace and name. */
  public static final int TEMPLATE_MISSING = 2001;

  /** The template exists but not in the requested language. */
  public static final int TEMPLATE_LANGUAGE_MISSING = 2003;
}
