package io.parley.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestBodyLimitTest {

  /** A body of {@code size} bytes that is never held in memory. */
  private static InputStream body(long size) {
    return new InputStream() {
      long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 'x' : -1;
      }
    };
  }

  /** Reads the entity as the runtime's provider would: a byte[] read whole, a stream as it is. */
  private static final class Reading implements ReaderInterceptorContext {
    private InputStream in;
    private final Class<?> type;

    Reading(InputStream in, Class<?> type) {
      this.in = in;
      this.type = type;
    }

    @Override
    public Object proceed() throws IOException {
      return type == byte[].class ? in.readAllBytes() : in;
    }

    @Override
    public InputStream getInputStream() {
      return in;
    }

    @Override
    public void setInputStream(InputStream is) {
      this.in = is;
    }

    @Override
    public MultivaluedMap<String, String> getHeaders() {
      return new MultivaluedHashMap<>();
    }

    @Override
    public Object getProperty(String name) {
      return null;
    }

    @Override
    public Collection<String> getPropertyNames() {
      return List.of();
    }

    @Override
    public void setProperty(String name, Object object) {}

    @Override
    public void removeProperty(String name) {}

    @Override
    public Annotation[] getAnnotations() {
      return new Annotation[0];
    }

    @Override
    public void setAnnotations(Annotation[] annotations) {}

    @Override
    public Class<?> getType() {
      return type;
    }

    @Override
    public void setType(Class<?> type) {}

    @Override
    public Type getGenericType() {
      return type;
    }

    @Override
    public void setGenericType(Type genericType) {}

    @Override
    public MediaType getMediaType() {
      return MediaType.APPLICATION_JSON_TYPE;
    }

    @Override
    public void setMediaType(MediaType mediaType) {}
  }

  private final RequestBodyLimit limit = new RequestBodyLimit();

  @Test
  void aBodyWithinTheLimitIsReadWhole() throws IOException {
    byte[] read =
        (byte[]) limit.aroundReadFrom(new Reading(body(RequestBodyLimit.MAX_BYTES), byte[].class));

    assertEquals(RequestBodyLimit.MAX_BYTES, read.length);
  }

  @Test
  void aBodyOverTheLimitIs1009() {
    ApiException refusal =
        assertThrows(
            ApiException.class,
            () ->
                limit.aroundReadFrom(
                    new Reading(body(RequestBodyLimit.MAX_BYTES + 1), byte[].class)));

    assertEquals(ErrorCode.INVALID_PARAMETER, refusal.errorCode());
    assertEquals("Request content exceeds size of 10 MB", refusal.details());
  }

  @Test
  void aStreamedEntityIsHandedOverUntouched() throws IOException {
    InputStream upload = body(RequestBodyLimit.MAX_BYTES * 2);

    assertSame(upload, limit.aroundReadFrom(new Reading(upload, InputStream.class)));
  }
}
