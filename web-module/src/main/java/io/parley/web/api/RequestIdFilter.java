package io.parley.web.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Echoes the client's {@code X-Request-ID} on the response, or generates one, and puts it in the
 * logging context ({@code requestId}) so that {@code parley.log} lines carry it.
 */
@Provider
@PreMatching
@Priority(100)
public class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

  public static final String HEADER = "X-Request-ID";
  private static final String MDC_KEY = "requestId";

  /** What a client's id may hold: it goes into log lines, so nothing that could forge one. */
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:/+=-]{1,200}");

  @Override
  public void filter(ContainerRequestContext request) {
    String given = request.getHeaderString(HEADER);
    String id =
        given == null || !SAFE.matcher(given).matches()
            ? UUID.randomUUID().toString().replace("-", "")
            : given;
    request.setProperty(HEADER, id);
    MDC.put(MDC_KEY, id);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object id = request.getProperty(HEADER);
    if (id != null) {
      response.getHeaders().putSingle(HEADER, id);
    }
    MDC.remove(MDC_KEY);
  }
}
