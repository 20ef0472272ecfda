package io.parley.web.metrics;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times every request and counts it under its endpoint: the HTTP method and the matched path
 * template ({@code GET_v1_users_username}), never the raw path, so that ids do not multiply the
 * series. Requests that match no endpoint count as {@code unmatched}.
 */
@Provider
@PreMatching
@Priority(1)
public class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

  private static final String STARTED = RequestMetricsFilter.class.getName() + ".started";
  private static final Map<Method, String> LABELS = new ConcurrentHashMap<>();

  @Inject RequestMetrics metrics;
  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(STARTED, System.nanoTime());
    metrics.started();
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object started = request.getProperty(STARTED);
    if (started == null) {
      return;
    }
    Method method = resource.getResourceMethod();
    String endpoint =
        method == null
            ? "unmatched"
            : request.getMethod()
                + "_"
                + LABELS.computeIfAbsent(method, RequestMetricsFilter::pathLabel);
    metrics.finished(endpoint, response.getStatus(), System.nanoTime() - (long) started);
  }

  private static String pathLabel(Method method) {
    Path onClass = method.getDeclaringClass().getAnnotation(Path.class);
    Path onMethod = method.getAnnotation(Path.class);
    String path =
        (onClass == null ? "" : onClass.value()) + "/" + (onMethod == null ? "" : onMethod.value());
    return path.replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "");
  }
}
