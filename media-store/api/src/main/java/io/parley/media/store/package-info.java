/**
 * The media store's client API: media files on the media volume that commit or roll back with the
 * JTA transaction of the code writing them. The implementation is the {@code parley-media-store}
 * resource adapter.
 */
package io.parley.media.store;
