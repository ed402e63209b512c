package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.StorageType;
import dev.depot.StoreUnavailableException;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.spi.RawPage;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreUrl;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.FreePorts;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Redis store's own behaviour on a plain server: layout, paging, scripts, auth, durability, errors. */
@RedisTest
class RedisStoreTest {

    static RedisStore store(String url, String prefix) {
        DepotConfig config = DepotConfig.builder().url(url).prefix(prefix).build();
        return new RedisStore(new StoreContext(StoreUrl.parse(url), config));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RawMapSpec spec(String name) {
        return new RawMapSpec(name, StorageType.TEXT, StorageType.BINARY);
    }

    /** Scans the whole map page by page; checks each page's size; returns the keys, failing on a duplicate. */
    static List<String> scanAll(RawMap map, int limit, int[] pages) {
        List<String> keys = new ArrayList<>();
        byte[] cursor = null;
        do {
            RawPage page = map.scan(cursor, limit);
            assertThat(page.entries().size()).isLessThanOrEqualTo(limit);
            for (RawEntry e : page.entries()) {
                keys.add(new String(e.key(), StandardCharsets.UTF_8));
            }
            pages[0]++;
            cursor = page.next();
        } while (cursor != null);
        assertThat(new HashSet<>(keys)).as("no key twice").hasSize(keys.size());
        return keys;
    }

    @Test
    void eachMapIsOneHashUnderItsHashTaggedKey() {
        RedisServer redis = RedisServers.shared();
        String prefix = TestPrefixes.fresh("lay");
        try (Depot d = Depot.open(DepotConfig.builder().url(redis.url()).prefix(prefix).build())) {
            DbMap<String, String> m = d.map("peers", Codec.STRING, Codec.STRING);
            m.put("alice", "A");
            assertThat(redis.cli("TYPE", "{" + prefix + ":peers}").trim()).isEqualTo("hash");
            assertThat(redis.cli("HGET", "{" + prefix + ":peers}", "alice").trim()).isEqualTo("A");
            assertThat(redis.cli("TYPE", "{" + prefix + ":depot_meta}").trim()).isEqualTo("hash");
        }
    }

    @Test
    void scanPagesRespectTheLimitForSmallAndLargeHashes() {
        try (RedisStore store = store(RedisServers.shared().url(), TestPrefixes.fresh("scan"))) {
            // 100 entries: a listpack, which HSCAN returns whole whatever COUNT says
            RawMap small = store.open(spec("small"));
            List<RawEntry> entries = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                entries.add(new RawEntry(b("k" + i), b("v" + i)));
            }
            small.putAll(entries);
            int[] pages = {0};
            assertThat(scanAll(small, 7, pages)).hasSize(100);
            assertThat(pages[0]).isGreaterThanOrEqualTo(15);

            // 5000 entries: a real hash table
            RawMap large = store.open(spec("large"));
            entries.clear();
            for (int i = 0; i < 5000; i++) {
                entries.add(new RawEntry(b("k" + i), b("v" + i)));
            }
            large.putAll(entries);
            pages[0] = 0;
            assertThat(new HashSet<>(scanAll(large, 100, pages))).hasSize(5000);
            assertThat(pages[0]).isGreaterThan(3);
        }
    }

    @Test
    void keysRemovedDuringAScanAreSkippedAndTheRestReturned() {
        try (RedisStore store = store(RedisServers.shared().url(), TestPrefixes.fresh("scan"))) {
            RawMap m = store.open(spec("m"));
            for (int i = 0; i < 50; i++) {
                m.set(b("k" + i), b("v"));
            }
            RawPage first = m.scan(null, 10);
            assertThat(first.entries()).hasSize(10);
            Set<String> seen = new HashSet<>();
            first.entries().forEach(e -> seen.add(new String(e.key(), StandardCharsets.UTF_8)));
            Set<String> removed = new HashSet<>();
            for (int i = 0; i < 50 && removed.size() < 5; i++) {
                if (!seen.contains("k" + i)) {
                    m.delete(b("k" + i));
                    removed.add("k" + i);
                }
            }
            byte[] cursor = first.next();
            while (cursor != null) {
                RawPage p = m.scan(cursor, 10);
                p.entries().forEach(e -> assertThat(seen.add(new String(e.key(), StandardCharsets.UTF_8))).isTrue());
                cursor = p.next();
            }
            assertThat(seen).hasSize(45).doesNotContainAnyElementsOf(removed);
        }
    }

    @Test
    void putAllSplitsLargeBatchesIntoPipelinedChunksInOrder() {
        List<RawEntry> batch = new ArrayList<>();
        byte[] big = new byte[3 << 20];
        Arrays.fill(big, (byte) 'x');
        for (int i = 0; i < 5; i++) {
            batch.add(new RawEntry(b("big" + i), big));
        }
        batch.add(new RawEntry(b("big0"), b("last write wins")));
        List<Map<byte[], byte[]>> chunks = RedisRawMap.chunks(batch);
        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(chunks.stream().mapToInt(Map::size).sum()).isEqualTo(6);
        try (RedisStore store = store(RedisServers.shared().url(), TestPrefixes.fresh("bulk"))) {
            RawMap m = store.open(spec("m"));
            m.putAll(batch);
            assertThat(m.size()).isEqualTo(5);
            assertThat(m.get(b("big0"))).isEqualTo(b("last write wins"));
            assertThat(m.get(b("big4"))).hasSize(big.length);
        }
    }

    @Test
    void conditionalOperationsWorkAfterTheScriptCacheIsFlushed() {
        RedisServer redis = RedisServers.shared();
        try (RedisStore store = store(redis.url(), TestPrefixes.fresh("noscript"))) {
            RawMap m = store.open(spec("m"));
            assertThat(m.putIfAbsent(b("k"), b("1"))).isNull();
            redis.cli("SCRIPT", "FLUSH");
            assertThat(m.putIfAbsent(b("k"), b("2"))).isEqualTo(b("1"));
            assertThat(m.replace(b("k"), b("1"), b("3"))).isTrue();
            assertThat(m.replace(b("k"), b("1"), b("4"))).isFalse();
            assertThat(m.put(b("k"), b("5"))).isEqualTo(b("3"));
            assertThat(m.replace(b("k"), b("6"))).isEqualTo(b("5"));
            assertThat(m.replace(b("absent"), b("6"))).isNull();
            assertThat(m.containsKey(b("absent"))).isFalse();
            assertThat(m.remove(b("k"), b("5"))).isFalse();
            assertThat(m.remove(b("k"), b("6"))).isTrue();
            assertThat(m.remove(b("k"))).isNull();
            assertThat(redis.cli("SCRIPT", "EXISTS", RedisScripts.PUT_IF_ABSENT.sha()).trim()).isEqualTo("1");
        }
    }

    @Test
    void valuesAreComparedByteForByte() {
        try (RedisStore store = store(RedisServers.shared().url(), TestPrefixes.fresh("bytes"))) {
            RawMap m = store.open(spec("m"));
            byte[] v = {0, (byte) 0xff, 'a', 0, '\n'};
            m.set(b("k"), v);
            assertThat(m.replace(b("k"), new byte[] {0, (byte) 0xff, 'a', 0}, b("x"))).isFalse();
            assertThat(m.replace(b("k"), v.clone(), b("x"))).isTrue();
            assertThat(m.get(b("k"))).isEqualTo(b("x"));
        }
    }

    @Test
    void durabilityIsReportedAndNoneIsWarnedAbout() {
        RedisServer volatileServer = RedisServers.shared(); // save "" and appendonly no
        try (RedisStore store = store(volatileServer.url(), TestPrefixes.fresh("dur"))) {
            assertThat(store.durability()).isEqualTo(RedisStore.Durability.NONE);
            assertThat(RedisStoreWarnings.warned()).contains(store.description());
        }
        try (RedisServer aof = RedisServers.builder().persistent().start();
             RedisStore store = store(aof.url(), TestPrefixes.fresh("dur"))) {
            assertThat(store.durability()).isEqualTo(RedisStore.Durability.PERSISTENT);
            assertThat(RedisStoreWarnings.warned()).doesNotContain(store.description());
        }
        try (RedisServer rdb = RedisServers.builder().config("save 900 1").start();
             RedisStore store = store(rdb.url(), TestPrefixes.fresh("dur"))) {
            assertThat(store.durability()).isEqualTo(RedisStore.Durability.PERSISTENT);
        }
        // CONFIG renamed away, as on managed services: falls back to INFO, which cannot tell about RDB
        try (RedisServer managed = RedisServers.builder().config("rename-command CONFIG \"\"").start();
             RedisStore store = store(managed.url(), TestPrefixes.fresh("dur"))) {
            assertThat(store.durability()).isEqualTo(RedisStore.Durability.UNKNOWN);
        }
    }

    @Test
    void passwordNeverReachesTheMessageOfAnUnreachableStore() {
        int closed = FreePorts.find();
        String url = "redis://:s3cret@127.0.0.1:" + closed + "?timeout=1000";
        long start = System.nanoTime();
        Throwable thrown = null;
        try {
            Depot.open(DepotConfig.builder().url(url).prefix("mask").build()).close();
        } catch (Throwable t) {
            thrown = t;
        }
        assertThat(thrown).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("redis://127.0.0.1:" + closed);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000 + 2000);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
            assertThat(t.toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void aclUserAndDefaultUserPasswordsAuthenticateAndWrongOnesFailClearly() {
        try (RedisServer redis = RedisServers.builder().requirePass("s3cret").aclUser("alice", "alicepw").start()) {
            String hostPort = redis.host() + ":" + redis.port();
            for (String url : List.of("redis://alice:alicepw@" + hostPort, "redis://:s3cret@" + hostPort,
                    "redis://default:s3cret@" + hostPort + "/2")) {
                try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(TestPrefixes.fresh("acl")).build())) {
                    DbMap<String, String> m = d.map("m", Codec.STRING, Codec.STRING);
                    m.put("k", "v");
                    assertThat(m.get("k")).isEqualTo("v");
                }
            }
            assertThat(redis.cli("-n", "2", "DBSIZE").trim()).isNotEqualTo("0");
            assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url("redis://alice:wrongpw@" + hostPort)
                    .prefix("acl").build()))
                    .isInstanceOf(DepotException.class)
                    .isNotInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("refused the credentials")
                    .hasMessageContaining("alice:****@")
                    .hasMessageNotContaining("wrongpw");
            assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url("redis://" + hostPort).prefix("acl").build()))
                    .isInstanceOf(DepotException.class)
                    .hasMessageContaining("NOAUTH");
        }
    }

    @Test
    void aKeyOfAnotherTypeGivesAClearError() {
        RedisServer redis = RedisServers.shared();
        String prefix = TestPrefixes.fresh("wrong");
        redis.cli("SET", "{" + prefix + ":m}", "not a hash");
        try (RedisStore store = store(redis.url(), prefix)) {
            RawMap m = store.open(spec("m"));
            assertThatThrownBy(() -> m.get(b("k")))
                    .isInstanceOf(DepotException.class)
                    .isNotInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("map 'm'")
                    .hasMessageContaining("WRONGTYPE")
                    .hasMessageContaining("another program uses this prefix");
        }
    }

    @Test
    void dropAndClearRemoveTheKey() {
        RedisServer redis = RedisServers.shared();
        String prefix = TestPrefixes.fresh("drop");
        try (RedisStore store = store(redis.url(), prefix)) {
            RawMap m = store.open(spec("m"));
            Map<String, String> expected = new HashMap<>();
            for (int i = 0; i < 10; i++) {
                m.set(b("k" + i), b("v"));
                expected.put("k" + i, "v");
            }
            assertThat(m.size()).isEqualTo(expected.size());
            m.clear();
            assertThat(m.size()).isZero();
            m.set(b("k"), b("v"));
            store.drop("m");
            assertThat(redis.cli("EXISTS", "{" + prefix + ":m}").trim()).isEqualTo("0");
            store.drop("never_created");
        }
    }
}
