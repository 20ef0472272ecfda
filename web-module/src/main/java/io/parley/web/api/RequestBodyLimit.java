package io.parley.web.api;

import io.parley.core.io.LimitedInputStream;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.InputStream;

/**
 * Caps the request bodies that the API reads whole (the JSON bodies, read as {@code byte[]}) at 10
 * MB, answered with 400/1009. The HTTP listeners admit far larger requests (their {@code
 * max-post-size} is raised for media uploads, see {@code configure-https.cli}), so this is what
 * keeps a large body from being read into memory. Entities read as an {@link InputStream} (media
 * uploads) are streamed, never held whole, and limited by the code that reads them.
 */
@Provider
public class RequestBodyLimit implements ReaderInterceptor {

  /** Undertow's default {@code max-post-size}, which used to bound these bodies. */
  static final long MAX_BYTES = 10L * 1024 * 1024;

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    if (InputStream.class.isAssignableFrom(context.getType())) {
      return context.proceed();
    }
    LimitedInputStream limited = new LimitedInputStream(context.getInputStream(), MAX_BYTES);
    context.setInputStream(limited);
    try {
      return context.proceed();
    } catch (IOException e) {
      if (limited.exceeded()) {
        throw limited.tooLarge();
      }
      throw e;
    }
  }
}
