package io.parley.core.errors;

/**
 * The on-prem API error codes that Parley raises, each with its title and the HTTP status the
 * original WebApp answered with.
 */
public enum ErrorCode {
  GENERIC(1000, "Generic error", 500),
  MESSAGE_TOO_LONG(1001, "Message too long", 400),
  INVALID_RECIPIENT_TYPE(1002, "Invalid recipient type", 400),
  ALREADY_EXISTS(1004, "Resource already exists", 409),
  ACCESS_DENIED(1005, "Access denied", 403),
  NOT_FOUND(1006, "Resource not found", 404),
  RECIPIENT_BLOCKED(1007, "Recipient blocked", 403),
  MISSING_PARAMETER(1008, "Required parameter is missing", 400),
  INVALID_PARAMETER(1009, "Parameter value is not valid", 400),
  PARAMETER_NOT_REQUIRED(1010, "Parameter is not required", 400),
  SERVICE_NOT_READY(1011, "Service not ready", 500),
  USER_NOT_VALID(1013, "User is not valid", 400),
  INTERNAL_ERROR(1014, "Internal error", 500),
  TOO_MANY_REQUESTS(1015, "Too many requests", 429),
  SYSTEM_OVERLOADED(1016, "System overloaded", 503),
  NOT_PRIMARY_MASTER(1017, "Not Primary Master", 500),
  NOT_PRIMARY_COREAPP(1018, "Not Primary Coreapp", 500),
  BAD_USER(1021, "Bad user", 400),
  WEBHOOKS_URL_NOT_CONFIGURED(1022, "Webhooks URL is not configured", 412),
  DATABASE_ERROR(1023, "Database error occurred", 500),
  PASSWORD_CHANGE_REQUIRED(1024, "Password change required", 401),
  INVALID_REQUEST(1025, "Invalid request", 400),
  RECEIVER_INCAPABLE(1026, "Receiver incapable", 501),
  TEMPLATE_PARAM_COUNT_MISMATCH(2000, "Template Param Count Mismatch", 400),
  TEMPLATE_MISSING(2001, "Template Missing", 404),
  TEMPLATE_LANGUAGE_FETCH_FAILED(2002, "Template Fetch Failed", 404),
  TEMPLATE_LANGUAGE_MISSING(2003, "Template Missing For Language", 404),
  TEMPLATE_PARAM_TOO_LONG(2004, "Template Param Length Too Long", 400),
  MEDIA_FORMAT_UNSUPPORTED(2008, "Media format unsupported", 400),
  INVALID_SECTIONS(2015, "Invalid number of sections", 400),
  INVALID_ROWS(2016, "Invalid number of rows", 400);

  private final int code;
  private final String title;
  private final int httpStatus;

  ErrorCode(int code, String title, int httpStatus) {
    this.code = code;
    this.title = title;
    this.httpStatus = httpStatus;
  }

  public int code() {
    return code;
  }

  public String title() {
    return title;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
