package io.parley.web.api;

import io.parley.core.errors.ErrorCode;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The JAX-RS runtime's own failures (no such path, method not allowed, unreadable body) in the
 * on-prem envelope.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException failure) {
    if (failure instanceof NotFoundException) {
      return Envelope.error(404, ErrorCode.NOT_FOUND, "URL path not found");
    }
    if (failure instanceof NotAllowedException) {
      return Envelope.error(405, ErrorCode.NOT_FOUND, "Method not allowed on this path");
    }
    if (failure instanceof NotSupportedException) {
      return Envelope.error(400, ErrorCode.INVALID_REQUEST, "Unsupported Content-Type");
    }
    if (failure instanceof NotAcceptableException) {
      return Envelope.error(400, ErrorCode.INVALID_REQUEST, "Unacceptable Accept header");
    }
    int status = failure.getResponse() == null ? 500 : failure.getResponse().getStatus();
    if (status >= 500) {
      return Envelope.error(500, ErrorCode.INTERNAL_ERROR, "Internal error");
    }
    return Envelope.error(400, ErrorCode.INVALID_REQUEST, "Invalid request");
  }
}
