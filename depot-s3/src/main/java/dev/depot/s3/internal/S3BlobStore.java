package dev.depot.s3.internal;

import dev.depot.BlobInfo;
import dev.depot.BlobNotFoundException;
import dev.depot.BlobOptions;
import dev.depot.ByteRange;
import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
import dev.depot.spi.BlobCopyAccess;
import dev.depot.spi.Backoff;
import dev.depot.spi.BlobKeys;
import dev.depot.spi.ConditionalPutBlobStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 blob store: one {@link S3Client} (Apache 5 HTTP client, pure Java) and one presigner per
 * store, keys prefixed with {@code keyPrefix}. Thread-safe; close it to release its connections.
 *
 * <p>For endpoints other than AWS, request checksums and response validation are "when
 * required" and operations that need a checksum send {@code Content-MD5}: the SDK's newer
 * defaults (CRC32 trailers, {@code aws-chunked} bodies) are refused by many S3-compatible stores.
 * Every PUT and part carries its own {@code Content-MD5} anyway, which every S3 implementation
 * checks. Uploads are described on {@link S3Upload}; listings on {@link S3Listing}. As a
 * {@link BlobCopyAccess} it lists without heads and reads an object's metadata from its GET, so a
 * migration costs a GET and a PUT per object.
 *
 * <p>This class is long because each store operation is an S3 request with its own error translation;
 * uploads and listings are already classes of their own.
 */
final class S3BlobStore implements ConditionalPutBlobStore, BlobCopyAccess, AutoCloseable {
    private static final int DELETE_BATCH = 1000;
    private static final int DELETE_TRIES = 5;
    /** Between tries of a batch delete: the shared rule (100 ms doubling to 5 s, with jitter). */
    private static final Backoff DELETE_BACKOFF = Backoff.exponential(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(5));

    private final S3Access access;
    private final S3Presigner presigner;
    private final S3Upload upload;

    private S3BlobStore(S3Access access, S3Presigner presigner) {
        this.access = access;
        this.presigner = presigner;
        this.upload = new S3Upload(access);
    }

    /**
     * Builds the clients and checks the bucket ({@code HeadBucket}).
     *
     * @throws StoreUnavailableException when the endpoint cannot be reached
     * @throws DepotException            when the credentials are refused or the bucket is missing
     */
    static S3BlobStore open(S3Settings settings) {
        AwsCredentialsProvider credentials = settings.accessKeyId() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
        SdkHttpClient http = Apache5HttpClient.builder()
                .connectionTimeout(settings.openTimeout())
                .socketTimeout(settings.readTimeout())
                .connectionAcquisitionTimeout(settings.openTimeout().plus(settings.readTimeout()))
                .maxConnections(Math.max(32, settings.uploadThreads() * 4))
                .build();
        S3ClientBuilder b = S3Client.builder()
                .httpClient(http)
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(settings.retryLimit() + 1)));
        S3Presigner.Builder p = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
            p.endpointOverride(settings.endpoint());
        }
        if (!settings.isAws()) {
            b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .addPlugin(LegacyMd5Plugin.create());
        }
        S3Client client = b.build();
        S3Presigner presigner = p.build();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "depot-s3-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        S3BlobStore store = new S3BlobStore(new S3Access(settings, client, new S3Errors(settings), Executors.newCachedThreadPool(factory)),
                presigner);
        try {
            store.checkBucket();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void checkBucket() {
        try {
            access.client().headBucket(r -> r.bucket(access.settings().bucket()));
        } catch (SdkException e) {
            if (S3Errors.hasStatus(e, 404)) {
                throw new DepotException("bucket " + settings().bucket() + " does not exist at " + settings().endpointText()
                        + "; create it or fix the bucket name (S3_BUCKET or the URL's host)", e);
            }
            throw access.errors().translate("open the bucket", e);
        }
    }

    S3Upload upload() {
        return upload;
    }

    S3Settings settings() {
        return access.settings();
    }

    S3Access access() {
        return access;
    }

    String fullKey(String key) {
        return access.settings().keyPrefix() + key;
    }

    @Override
    public Optional<BlobInfo> write(String key, InputStream in, long length, BlobOptions options, boolean createOnly) {
        BlobKeys.validate(key);
        BlobKeys.checkPut(in, length, options);
        ObjectWrite write = new ObjectWrite(access.settings(), fullKey(key), options);
        if (createOnly && length > access.settings().multipartThreshold() && head(key).isPresent()) {
            return Optional.empty(); // saves uploading parts only to have the completion refused
        }
        Instant before = Instant.now();
        return upload.upload(write, key, in, length, createOnly).map(w -> new BlobInfo(key, w.size(),
                write.contentType(), options.cacheControl(), w.sha256(), before, options.metadata(),
                options.publicAccess()));
    }

    @Override
    public Optional<BlobInfo> head(String key) {
        BlobKeys.validate(key);
        return headListed(key);
    }

    /** {@link #head} of a key found by a listing: written by anyone, so not held to our key rules. */
    Optional<BlobInfo> headListed(String key) {
        try {
            HeadObjectResponse h = access.client().headObject(r -> r.bucket(access.settings().bucket()).key(fullKey(key)));
            return Optional.of(info(key, h.contentLength(), h.contentType(), h.cacheControl(), h.lastModified(),
                    h.metadata()));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw access.errors().translate("head " + key, e);
        }
    }

    static BlobInfo info(String key, Long size, String contentType, String cacheControl, Instant lastModified,
                         Map<String, String> metadata) {
        Map<String, String> user = new LinkedHashMap<>();
        String sha = null;
        boolean publicAccess = true; // objects written by other tools: taken as public, as BlobInfo says
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String name = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (name.equals(ObjectWrite.SHA256)) {
                sha = e.getValue();
            } else if (name.equals(ObjectWrite.ACCESS)) {
                publicAccess = !ObjectWrite.PRIVATE.equals(e.getValue());
            } else {
                user.put(name, e.getValue());
            }
        }
        return new BlobInfo(key, size == null ? 0 : size, contentType == null ? ObjectWrite.DEFAULT_TYPE : contentType,
                cacheControl, sha, lastModified == null ? Instant.EPOCH : lastModified, user, publicAccess);
    }

    @Override
    public InputStream open(String key) {
        BlobKeys.validate(key);
        return get(key, null);
    }

    @Override
    public InputStream open(String key, ByteRange range) {
        BlobKeys.validate(key);
        Objects.requireNonNull(range, "range");
        return get(key, range);
    }

    private InputStream get(String key, ByteRange range) {
        return new AbortingInputStream(getObject(key, range));
    }

    private ResponseInputStream<GetObjectResponse> getObject(String key, ByteRange range) {
        String header = range == null ? null
                : "bytes=" + range.first() + "-" + (range.last() >= 0 ? Long.toString(range.last()) : "");
        try {
            return access.client().getObject(r -> {
                r.bucket(access.settings().bucket()).key(fullKey(key));
                if (header != null) {
                    r.range(header);
                }
            });
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                throw new BlobNotFoundException("no blob " + key + " in " + description());
            }
            if (range != null && S3Errors.hasStatus(e, 416)) {
                Optional<BlobInfo> info = head(key);
                if (info.isEmpty()) {
                    throw new BlobNotFoundException("no blob " + key + " in " + description());
                }
                throw new IllegalArgumentException("range " + range.first() + "-" + range.last() + " starts past the end of "
                        + key + " (" + info.get().size() + " bytes)");
            }
            throw access.errors().translate("read " + key, e);
        }
    }

    /**
     * Closing the SDK's stream early would read the rest of the object to reuse the connection;
     * aborting drops the connection instead, so closing a large download is immediate.
     */
    private static final class AbortingInputStream extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private boolean ended;

        AbortingInputStream(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }

    @Override
    public boolean delete(String key) {
        BlobKeys.validate(key);
        boolean existed = head(key).isPresent();
        try {
            access.client().deleteObject(r -> r.bucket(access.settings().bucket()).key(fullKey(key)));
        } catch (SdkException e) {
            throw access.errors().translate("delete " + key, e);
        }
        return existed;
    }

    @Override
    public long deleteAll(Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String k : keys) {
            distinct.add(BlobKeys.validate(k));
        }
        List<String> all = new ArrayList<>(distinct);
        for (int i = 0; i < all.size(); i += DELETE_BATCH) {
            deleteBatch(all.subList(i, Math.min(all.size(), i + DELETE_BATCH)));
        }
        return all.size();
    }

    /**
     * One {@code DeleteObjects} of at most 1,000 keys. Keys the server reports as not deleted, and
     * the whole batch after a retryable failure, are sent again with exponential backoff.
     */
    private void deleteBatch(List<String> batch) {
        List<String> pending = batch;
        for (int attempt = 1; ; attempt++) {
            List<String> keys = pending;
            try {
                var response = access.client().deleteObjects(r -> r.bucket(access.settings().bucket()).delete(d -> d.quiet(true)
                        .objects(keys.stream().map(k -> software.amazon.awssdk.services.s3.model.ObjectIdentifier
                                .builder().key(fullKey(k)).build()).toList())));
                if (!response.hasErrors() || response.errors().isEmpty()) {
                    return;
                }
                List<String> failed = response.errors().stream()
                        .map(err -> err.key().substring(access.settings().keyPrefix().length())).toList();
                if (attempt >= DELETE_TRIES) {
                    var first = response.errors().get(0);
                    throw new DepotException(failed.size() + " of " + keys.size() + " objects could not be deleted from "
                            + description() + " after " + attempt + " tries; first: " + failed.get(0) + " ("
                            + first.code() + ")");
                }
                pending = failed;
            } catch (SdkException e) {
                DepotException d = access.errors().translate("delete " + keys.size() + " objects", e);
                if (!(d instanceof StoreUnavailableException) || attempt >= DELETE_TRIES) {
                    throw d;
                }
            }
            Backoff.sleep(DELETE_BACKOFF.delay(attempt).toMillis(), "deleting");
        }
    }

    @Override
    public Stream<BlobInfo> list(String prefix, String startAfter) {
        BlobKeys.validatePrefix(prefix);
        if (startAfter != null) {
            BlobKeys.validatePrefix(startAfter);
        }
        return S3Listing.full(this, prefix, startAfter).stream();
    }

    @Override
    public Stream<Listed> listSizes(String prefix, String startAfter) {
        BlobKeys.validatePrefix(prefix);
        return S3Listing.sizes(this, prefix, startAfter).stream();
    }

    @Override
    public Optional<Opened> read(String key) {
        try {
            ResponseInputStream<GetObjectResponse> in = getObject(key, null);
            GetObjectResponse g = in.response();
            return Optional.of(new Opened(info(key, g.contentLength(), g.contentType(), g.cacheControl(), g.lastModified(),
                    g.metadata()), new AbortingInputStream(in)));
        } catch (BlobNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public URI url(String key) {
        BlobKeys.validate(key);
        String path = BlobKeys.urlPath(fullKey(key));
        S3Settings s = access.settings();
        String base = s.aliasHost() != null
                ? s.protocol() + "://" + s.aliasHost()
                : s.protocol() + "://" + s.hostname() + "/" + BlobKeys.urlPath(s.bucket());
        return URI.create(base + "/" + path);
    }

    @Override
    public URI url(String key, Duration ttl) {
        BlobKeys.validate(key);
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("a presigned URL lives from 1 second to 7 days, not " + ttl);
        }
        try {
            return presigner.presignGetObject(g -> g.signatureDuration(ttl)
                    .getObjectRequest(r -> r.bucket(access.settings().bucket()).key(fullKey(key)))).url().toURI();
        } catch (URISyntaxException e) {
            throw new DepotException("the presigned URL of " + key + " is malformed", e);
        } catch (SdkException e) {
            throw access.errors().translate("presign " + key, e);
        }
    }

    @Override
    public String description() {
        return access.settings().masked();
    }

    @Override
    public void close() {
        access.executor().shutdown();
        presigner.close();
        access.client().close();
    }

    @Override
    public String toString() {
        return "S3BlobStore[" + description() + "]";
    }
}
