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
 * @param privateAddresses whether hosts that resolve to loopback, private, link-local or other
 *                      non-public addresses may be fetched (false: a remote server must not make this
 *                      one reach its own network, e.g. a cloud metadata address). Checked before each
 *                      request and redirect; the client resolves the name again when it connects, so a
 *                      DNS answer that changes in between is not caught
 */
public record RemoteMediaOptions(long cacheMaxBytes, Duration fetchTimeout, int maxRedirects,
                                 boolean privateAddresses) {

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

    /** No cache cap, 30 s per fetch, 5 redirects, public addresses only. */
    public static RemoteMediaOptions defaults() {
        return new RemoteMediaOptions(0, Duration.ofSeconds(30), 5, false);
    }

    public RemoteMediaOptions withCacheMaxBytes(long bytes) {
        return new RemoteMediaOptions(bytes, fetchTimeout, maxRedirects, privateAddresses);
    }

    public RemoteMediaOptions withFetchTimeout(Duration timeout) {
        return new RemoteMediaOptions(cacheMaxBytes, timeout, maxRedirects, privateAddresses);
    }

    public RemoteMediaOptions withMaxRedirects(int redirects) {
        return new RemoteMediaOptions(cacheMaxBytes, fetchTimeout, redirects, privateAddresses);
    }

    /** This allowing ({@code true}) or refusing hosts on loopback and private networks (for tests and intranets). */
    public RemoteMediaOptions withPrivateAddresses(boolean allowed) {
        return new RemoteMediaOptions(cacheMaxBytes, fetchTimeout, maxRedirects, allowed);
    }
}
