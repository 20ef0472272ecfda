package io.parley.core.errors;

import jakarta.ejb.ApplicationException;

/**
 * A failure the client caused or must know about, carrying its on-prem error code. Rolls back the
 * transaction it escapes from; the web module's exception mapper turns it into the error envelope.
 */
@ApplicationException(rollback = true)
public class ApiException extends RuntimeException {

  private final ErrorCode errorCode;
  private final int httpStatus;

  public ApiException(ErrorCode errorCode, String details) {
    this(errorCode, details, errorCode.httpStatus());
  }

  /** For the few places where the original answered a code with a status other than its usual. */
  public ApiException(ErrorCode errorCode, String details, int httpStatus) {
    super(details, null, false, false);
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String details() {
    return getMessage();
  }

  public static ApiException missing(String parameter) {
    return new ApiException(
        ErrorCode.MISSING_PARAMETER, "Missing mandatory parameter '" + parameter + "'");
  }

  public static ApiException invalid(String parameter, Object value) {
    return new ApiException(
        ErrorCode.INVALID_PARAMETER,
        "Parameter '" + parameter + "' has invalid value '" + value + "'");
  }

  public static ApiException invalid(String details) {
    return new ApiException(ErrorCode.INVALID_PARAMETER, details);
  }

  public static ApiException notFound(String details) {
    return new ApiException(ErrorCode.NOT_FOUND, details);
  }

  /** 401: no or bad credentials. */
  public static ApiException unauthenticated() {
    return new ApiException(
        ErrorCode.ACCESS_DENIED, "Missing or invalid authentication credentials", 401);
  }

  /** 403: authenticated, but the role is too low. */
  public static ApiException forbidden() {
    return new ApiException(ErrorCode.ACCESS_DENIED, "User doesn't have permission");
  }
}
