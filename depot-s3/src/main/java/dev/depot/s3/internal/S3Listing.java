package dev.depot.s3.internal;

import dev.depot.BlobInfo;
import dev.depot.DepotException;
import dev.depot.spi.BlobCopyAccess;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A listing read one {@code ListObjectsV2} page (1,000 keys) at a time as the stream is
 * consumed, starting after {@code startAfter}. S3 lists keys in UTF-8 byte order, which is the
 * contract's order. A listing has sizes but not content types, cache control or checksums: for
 * {@link #full} each page's objects are then read with {@code HeadObject}, up to
 * {@value #HEADS_IN_FLIGHT} at a time, and an object deleted between the two is left out;
 * {@link #sizes} gives keys and sizes alone, one request a page.
 *
 * @param <T> what one listed object becomes
 */
final class S3Listing<T> implements Iterator<T> {
    private static final int PAGE = 1000;
    private static final int HEADS_IN_FLIGHT = 16;

    private final S3BlobStore store;
    private final String fullPrefix;
    private final int strip;
    private String startAfter;
    private String token;
    private boolean lastPage;
    private final Function<BlobInfo, T> fromHead;
    private final BiFunction<String, Long, T> fromListing;
    private final Deque<T> page = new ArrayDeque<>();

    private S3Listing(S3BlobStore store, String prefix, String startAfter, Function<BlobInfo, T> fromHead,
                      BiFunction<String, Long, T> fromListing) {
        this.store = store;
        this.fullPrefix = store.fullKey(prefix);
        this.strip = store.settings().keyPrefix().length();
        this.startAfter = startAfter != null ? store.fullKey(startAfter) : null;
        this.fromHead = fromHead;
        this.fromListing = fromListing;
    }

    /** Every object with its metadata: a {@code HeadObject} per object. */
    static S3Listing<BlobInfo> full(S3BlobStore store, String prefix, String startAfter) {
        return new S3Listing<>(store, prefix, startAfter, info -> info, null);
    }

    /** Keys and sizes only, as the listing pages give them. */
    static S3Listing<BlobCopyAccess.Listed> sizes(S3BlobStore store, String prefix, String startAfter) {
        return new S3Listing<>(store, prefix, startAfter, null, BlobCopyAccess.Listed::new);
    }

    Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }

    @Override
    public boolean hasNext() {
        while (page.isEmpty() && !lastPage) {
            fetch();
        }
        return !page.isEmpty();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.removeFirst();
    }

    private void fetch() {
        ListObjectsV2Response response;
        try {
            response = store.access().client().listObjectsV2(r -> {
                r.bucket(store.settings().bucket()).prefix(fullPrefix).maxKeys(PAGE);
                if (token != null) {
                    r.continuationToken(token);
                } else if (startAfter != null) {
                    r.startAfter(startAfter);
                }
            });
        } catch (SdkException e) {
            throw store.access().errors().translate("list " + (fullPrefix.isEmpty() ? "the bucket" : fullPrefix), e);
        }
        token = response.nextContinuationToken();
        lastPage = !Boolean.TRUE.equals(response.isTruncated()) || token == null;
        List<S3Object> objects = response.contents();
        if (fromListing != null) {
            for (S3Object o : objects) {
                page.addLast(fromListing.apply(o.key().substring(strip), o.size() == null ? 0 : o.size()));
            }
            return;
        }
        List<Future<Optional<BlobInfo>>> heads = new ArrayList<>();
        for (int i = 0; i < objects.size(); i += HEADS_IN_FLIGHT) {
            heads.clear();
            for (S3Object o : objects.subList(i, Math.min(objects.size(), i + HEADS_IN_FLIGHT))) {
                String key = o.key().substring(strip);
                heads.add(store.access().executor().submit(() -> store.headListed(key)));
            }
            for (Future<Optional<BlobInfo>> f : heads) {
                try {
                    f.get().map(fromHead).ifPresent(page::addLast);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DepotException("interrupted while listing " + store.description(), e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r
                            : new DepotException("listing " + store.description() + " failed", e.getCause());
                }
            }
        }
    }
}
