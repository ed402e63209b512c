package dev.depot.internal;

import dev.depot.internal.memory.MemoryStoreProvider;
import dev.depot.spi.ChangeFeed;
import dev.depot.spi.ChangeSink;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreProvider;
import dev.depot.spi.StoreUrl;
import java.util.Optional;
import java.util.Set;

/**
 * For depot-core's tests of the change feed: {@code feedmemory:} is the real memory store, with
 * its maps served as bytes ({@code openObjects} empty, so Depot builds the same layers as over
 * SQL or Redis: {@code StoreDbMap}, the read cache) and a {@link TestFeed}, a test double of the
 * feed only, that the test drives by hand in place of another process. The last store opened is
 * {@link #last}, so a test can write "as another process" into the very maps the Depot reads.
 */
public final class FeedMemoryStoreProvider implements StoreProvider {
    static volatile FeedStore last;

    @Override
    public Set<String> schemes() {
        return Set.of("feedmemory");
    }

    @Override
    public Store open(StoreContext context) {
        Store memory = new MemoryStoreProvider().open(new StoreContext(StoreUrl.parse("memory:"), context.config()));
        FeedStore store = new FeedStore(memory);
        last = store;
        return store;
    }

    /** A feed whose sink the test calls as the store's feed thread would. */
    static final class TestFeed implements ChangeFeed {
        final String origin;
        volatile ChangeSink sink;
        volatile boolean closed;

        TestFeed(String origin) {
            this.origin = origin;
        }

        @Override
        public void start(ChangeSink sink) {
            this.sink = sink;
            sink.connected();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** The memory store, as bytes, with a {@link TestFeed}. */
    static final class FeedStore implements Store {
        final Store memory;
        volatile TestFeed feed;

        FeedStore(Store memory) {
            this.memory = memory;
        }

        @Override
        public String description() {
            return "feedmemory:";
        }

        @Override
        public RawMap open(RawMapSpec spec) {
            return memory.open(spec);
        }

        /** The bytes of a map of Long to String, as another process would reach them. */
        RawMap raw(String name) {
            return memory.open(MapRegistry.spec(name, dev.depot.Codec.LONG, dev.depot.Codec.STRING));
        }

        @Override
        public RawMap metadata() {
            return memory.metadata();
        }

        @Override
        public void drop(String name) {
            memory.drop(name);
        }

        @Override
        public boolean locksPrefixItself() {
            return true;
        }

        @Override
        public boolean keepsData() {
            return false;
        }

        @Override
        public Optional<ChangeFeed> changeFeed(String origin) {
            feed = new TestFeed(origin);
            return Optional.of(feed);
        }

        @Override
        public void close() {
            memory.close();
        }
    }
}
