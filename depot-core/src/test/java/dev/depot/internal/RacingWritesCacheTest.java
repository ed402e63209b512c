package dev.depot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Two writers of one key in one process: the store applies them in one order, their calls may
 * return in the other, and the cache must not keep the value the store no longer holds (it did,
 * for the whole TTL, before writes took tickets).
 */
class RacingWritesCacheTest {
    private final EntryCodec<Long, String> codec = new EntryCodec<>("m", "test", Codec.LONG, Codec.STRING, 1 << 20);

    /** Writer A begins, writer B begins; the store applies B then A (it holds "a"), but B's call returns last. */
    private static void writesFinishingInTheOtherOrder(ValueCache<Long, String> cache) {
        long a = cache.beginWrite(1L);
        long b = cache.beginWrite(1L);
        cache.finishWrite(1L, "a", a);
        cache.finishWrite(1L, "b", b);
    }

    @Test
    void aWriteThatReturnsLastDoesNotCacheAValueAnotherWriteReplacedInThePlainCache() {
        ValueCache<Long, String> cache = ValueCache.create(Duration.ofMinutes(5), 1000, codec);
        writesFinishingInTheOtherOrder(cache);
        // either value may be cached only if it is the store's; here the store holds "a": nothing stale may be served
        String seen = cache.get(1L, () -> "a");
        assertThat(seen).isEqualTo("a");
    }

    @Test
    void aWriteThatReturnsLastDoesNotCacheAValueAnotherWriteReplacedInTheCoherentCache() {
        ValueCache<Long, String> cache = ValueCache.coherent(Duration.ofMinutes(5), 1000, codec, () -> true, Duration.ofSeconds(1));
        writesFinishingInTheOtherOrder(cache);
        assertThat(cache.get(1L, () -> "a")).isEqualTo("a");
    }

    @Test
    void aWriteAloneStillFillsTheCache() {
        ValueCache<Long, String> cache = ValueCache.create(Duration.ofMinutes(5), 1000, codec);
        long t = cache.beginWrite(1L);
        cache.finishWrite(1L, "v", t);
        Supplier<String> never = () -> {
            throw new AssertionError("loaded: the write did not fill the cache");
        };
        assertThat(cache.get(1L, never)).isEqualTo("v");
    }
}
