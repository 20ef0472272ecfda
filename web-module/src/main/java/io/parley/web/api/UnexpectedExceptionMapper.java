package io.parley.web.api;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Everything else. An API failure wrapped by the EJB container is answered as itself; any other
 * failure is logged here and answered with 500/1014, never with its stack trace.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class);

  @Override
  public Response toResponse(Throwable failure) {
    ApiException api = ApiExceptionMapper.unwrap(failure);
    if (api != null) {
      return Envelope.error(api);
    }
    LOG.error("Unexpected failure while serving a request", failure);
    return Envelope.error(500, ErrorCode.INTERNAL_ERROR, "Internal error");
  }
}
