package io.parley.core.media;

import io.parley.media.store.MediaConnection;
import io.parley.media.store.MediaConnectionFactory;
import io.parley.media.store.MediaStoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.naming.Reference;

/**
 * A media store in memory, without transactions, that reads what it is given as the adapter does:
 * to the end through a fixed buffer, a failing stream reported as UNAVAILABLE, content over {@code
 * maxFileSize} refused as TOO_LARGE.
 */
public final class InMemoryMediaStore implements MediaConnectionFactory {

  private static final long serialVersionUID = 1L;

  public final Map<String, byte[]> files = new TreeMap<>();
  long maxFileSize = Long.MAX_VALUE;
  boolean unwritable;

  @Override
  public MediaConnection getConnection() {
    return new MediaConnection() {
      @Override
      public long write(String id, InputStream content) {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
          for (int n = content.read(buffer); n != -1; n = content.read(buffer)) {
            if (stored.size() + n > maxFileSize) {
              throw new MediaStoreException(MediaStoreException.Kind.TOO_LARGE, "too large");
            }
            stored.write(buffer, 0, n);
          }
          if (unwritable) {
            throw new IOException("read-only file system");
          }
        } catch (IOException e) {
          throw new MediaStoreException(MediaStoreException.Kind.UNAVAILABLE, "write failed", e);
        }
        files.put(id, stored.toByteArray());
        return stored.size();
      }

      @Override
      public InputStream open(String id) {
        byte[] content = files.get(id);
        if (content == null) {
          throw new MediaStoreException(MediaStoreException.Kind.NOT_FOUND, "No media " + id);
        }
        return new ByteArrayInputStream(content);
      }

      @Override
      public boolean exists(String id) {
        return files.containsKey(id);
      }

      @Override
      public long size(String id) {
        return files.get(id).length;
      }

      @Override
      public boolean delete(String id) {
        return files.remove(id) != null;
      }

      @Override
      public List<String> ids() {
        return List.copyOf(files.keySet());
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void setReference(Reference reference) {}

  @Override
  public Reference getReference() {
    return null;
  }
}
