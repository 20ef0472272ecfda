package io.parley.web.api;

import io.parley.core.errors.ApiException;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Turns an {@link ApiException} into the error envelope with the status its code maps to. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<ApiException> {

  @Override
  public Response toResponse(ApiException failure) {
    return Envelope.error(failure);
  }

  /** The API failure inside an EJB exception, if there is one. */
  static ApiException unwrap(Throwable failure) {
    Throwable current = failure;
    while (current != null) {
      if (current instanceof ApiException api) {
        return api;
      }
      current =
          current instanceof EJBException ejb ? ejb.getCausedByException() : current.getCause();
    }
    return null;
  }
}
