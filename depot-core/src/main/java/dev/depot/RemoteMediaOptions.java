package dev.depot;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link MediaLibrary#cacheRemote} fetches remote media and how large the remote cache may
 * grow. Immutable; each {@code with} method returns a changed copy.
 *
 * <pre>{@code depot.media(MediaLimits.defaults(), RemoteMediaOptions.defaults().withCacheMaxBytes(10L << 30))}</pre>
 *
 * @param cacheMaxBytes most bytes of cached remote files; after each fetch the oldest cached records
 *                      (by {@link MediaAttachment#createdAt()}) lose their files until the cache fits.
 *                      0 means no cap (the default, as Mastodon)
 * @param fetchTimeout  longest whole fetch: connecting, the answer and reading the body (30 s)
 * @param maxRedirects  most redirects followed, each only to http or https (5)
 */
public record RemoteMediaOptions(long cacheMaxBytes, Duration fetchTimeout, int maxRedirects) {

    public RemoteMediaOptions {
        if (cacheMaxBytes < 0) {
            throw new IllegalArgumentException("cacheMaxBytes must be 0 (no cap) or positive, not " + cacheMaxBytes);
        }
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException("fetchTimeout must be positive, not " + fetchTimeout);
        }
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new IllegalArgumentException("maxRedirects must be within 0..20, not " + maxRedirects);
        }
    }

    /** No cache cap, 30 s per fetch, 5 redirects. */
    public static RemoteMediaOptions defaults() {
        return new RemoteMediaOptions(0, Duration.ofSeconds(30), 5);
    }

    public RemoteMediaOptions withCacheMaxBytes(long bytes) {
        return new RemoteMediaOptions(bytes, fetchTimeout, maxRedirects);
    }

    public RemoteMediaOptions withFetchTimeout(Duration timeout) {
        return new RemoteMediaOptions(cacheMaxBytes, timeout, maxRedirects);
    }

    public RemoteMediaOptions withMaxRedirects(int redirects) {
        return new RemoteMediaOptions(cacheMaxBytes, fetchTimeout, redirects);
    }
}
