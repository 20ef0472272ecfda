package io.parley.media.store.adapter.outbound;

import jakarta.resource.spi.ManagedConnectionMetaData;

/** What the container shows of a media store connection; there is no user and no limit. */
final class MediaManagedConnectionMetaData implements ManagedConnectionMetaData {

  @Override
  public String getEISProductName() {
    return "Parley media store";
  }

  @Override
  public String getEISProductVersion() {
    return "1";
  }

  @Override
  public int getMaxConnections() {
    return 0;
  }

  @Override
  public String getUserName() {
    return "";
  }
}
