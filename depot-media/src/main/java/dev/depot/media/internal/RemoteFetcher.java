package dev.depot.media.internal;

import dev.depot.MediaRejectedException;
import dev.depot.MediaTooLargeException;
import dev.depot.RemoteMediaOptions;
import dev.depot.StoreUnavailableException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fetches one remote file over HTTP(S) with {@link HttpClient}: only http and https, redirects
 * followed by hand (so each target's scheme is checked and their number bounded), the
 * {@code Content-Length} checked before reading and the body counted while reading, and the
 * whole fetch, body included, bounded by one deadline (the stream is closed when it passes, so a
 * server that stalls mid-body cannot hold the caller). The answer's {@code Content-Type} is
 * ignored: the upload path judges the bytes. Hosts on loopback and private networks are refused
 * unless allowed. Thread-safe; the client is made on first use.
 */
final class RemoteFetcher {
    private static final int FIRST_CLIENT_ERROR = 400;
    private static final int FIRST_SERVER_ERROR = 500;

    /** An answer being read: the URL it finally came from, a name for display, and the counted body. */
    record Fetched(URI uri, String fileName, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    private final RemoteMediaOptions options;
    private final long maxBytes;
    private volatile HttpClient client;

    RemoteFetcher(RemoteMediaOptions options, long maxBytes) {
        this.options = options;
        this.maxBytes = maxBytes;
    }

    /**
     * Starts the fetch of {@code uri}; the caller reads and closes the body.
     *
     * @throws IllegalArgumentException  when {@code uri} is not an absolute http(s) URL
     * @throws MediaRejectedException    on an error answer, a redirect to elsewhere than http(s), too many redirects
     * @throws MediaTooLargeException    when the declared length is over the limit
     * @throws StoreUnavailableException when the server cannot be reached, answers 5xx, or the deadline passes
     */
    Fetched fetch(URI uri) {
        checkHttp(Objects.requireNonNull(uri, "uri"), "the remote media URL");
        long deadline = System.nanoTime() + options.fetchTimeout().toNanos();
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<InputStream> response = send(current, deadline);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
                close(response.body());
                if (redirects == options.maxRedirects()) {
                    throw new MediaRejectedException("fetching " + uri + " was redirected more than "
                            + options.maxRedirects() + " times");
                }
                URI next = current.resolve(response.headers().firstValue("location").orElseThrow());
                checkRedirect(uri, next);
                current = next;
                continue;
            }
            if (status >= FIRST_SERVER_ERROR) {
                close(response.body());
                throw new StoreUnavailableException(current + " answered " + status + "; try again later", null);
            }
            if (status >= FIRST_CLIENT_ERROR || status < 200 || status >= 300) {
                close(response.body());
                throw new MediaRejectedException(current + " answered " + status + ", not a file");
            }
            OptionalLong length = response.headers().firstValueAsLong("content-length");
            if (length.isPresent() && length.getAsLong() > maxBytes) {
                close(response.body());
                throw new MediaTooLargeException(current + " declares " + length.getAsLong()
                        + " bytes, over the limit of " + maxBytes + " bytes");
            }
            return new Fetched(current, fileName(current), new BoundedBody(response.body(), current, deadline));
        }
    }

    private HttpResponse<InputStream> send(URI target, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(target, null);
        }
        if (!options.privateAddresses()) {
            refuseNonPublic(target);
        }
        HttpRequest request = HttpRequest.newBuilder(target).GET().timeout(Duration.ofNanos(remaining))
                .header("User-Agent", "Depot media (remote copy)").header("Accept", "image/*, video/*, audio/*, */*")
                .build();
        try {
            return client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw timedOut(target, e);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot fetch " + target + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while fetching " + target, e);
        }
    }

    private StoreUnavailableException timedOut(URI target, Throwable cause) {
        return new StoreUnavailableException("fetching " + target + " took longer than " + options.fetchTimeout(), cause);
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(options.fetchTimeout()).build();
                }
                c = client;
            }
        }
        return c;
    }

    /**
     * Refuses a host any of whose addresses is not public (loopback, private, link-local, unique
     * local, multicast, unspecified), as Mastodon's PrivateAddressCheck does.
     */
    private static void refuseNonPublic(URI target) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(target.getHost());
        } catch (UnknownHostException e) {
            throw new StoreUnavailableException("cannot fetch " + target + ": unknown host " + target.getHost(), e);
        }
        for (InetAddress a : addresses) {
            boolean uniqueLocal = a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
            if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                    || a.isMulticastAddress() || uniqueLocal) {
                throw new MediaRejectedException("refusing to fetch " + target + ": " + target.getHost() + " is "
                        + a.getHostAddress() + ", not a public address (RemoteMediaOptions.withPrivateAddresses allows it)");
            }
        }
    }

    static void checkHttp(URI uri, String what) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(what + " must be an absolute http or https URL, not " + uri);
        }
    }

    private static void checkRedirect(URI from, URI next) {
        try {
            checkHttp(next, "a redirect");
        } catch (IllegalArgumentException e) {
            throw new MediaRejectedException("fetching " + from + ": " + e.getMessage());
        }
    }

    /** The last path segment, kept to safe characters: it is for display only. */
    static String fileName(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String last = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return last.isEmpty() || last.chars().allMatch(c -> c == '.') ? "remote" : last;
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // The answer is being discarded anyway.
        }
    }

    /**
     * The body, counted against the limit and closed at the deadline; a read that fails because
     * of the deadline says so rather than showing a bare I/O error.
     */
    private final class BoundedBody extends FilterInputStream {
        private final URI uri;
        private final CompletableFuture<Void> watchdog;
        private volatile boolean expired;
        private long count;

        BoundedBody(InputStream in, URI uri, long deadline) {
            super(in);
            this.uri = uri;
            long remaining = Math.max(0, deadline - System.nanoTime());
            this.watchdog = CompletableFuture.runAsync(() -> {
                expired = true;
                RemoteFetcher.close(in);
            }, CompletableFuture.delayedExecutor(remaining, TimeUnit.NANOSECONDS));
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                if (expired) {
                    throw timedOut(uri, e);
                }
                throw new StoreUnavailableException("reading " + uri + " failed: " + e, e);
            }
            if (expired) {
                throw timedOut(uri, null);
            }
            if (n > 0) {
                count += n;
                if (count > maxBytes) {
                    throw new MediaTooLargeException(uri + " is over the limit of " + maxBytes + " bytes");
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            watchdog.cancel(false);
            super.close();
        }
    }
}
