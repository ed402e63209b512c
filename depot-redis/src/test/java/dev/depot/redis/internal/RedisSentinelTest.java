package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import org.junit.jupiter.api.Test;

/** One master watched by one Sentinel: the store finds the master through the Sentinel. */
@RedisTest
class RedisSentinelTest {
    @Test
    void theMasterIsFoundThroughTheSentinel() {
        try (RedisServer master = RedisServers.builder().requirePass("s3cret").start();
             RedisServer sentinel = RedisServers.startSentinel(master, "depotmaster", "s3cret")) {
            String url = "redis-sentinel://:s3cret@127.0.0.1:" + sentinel.port() + "/1?master=depotmaster";
            String prefix = TestPrefixes.fresh("sent");
            try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(prefix).build())) {
                DbMap<String, String> m = d.map("m", Codec.STRING, Codec.STRING);
                m.put("k", "v");
                assertThat(m.putIfAbsent("k", "w")).isEqualTo("v");
                assertThat(m.get("k")).isEqualTo("v");
            }
            assertThat(master.cli("-n", "1", "HGET", "{" + prefix + ":m}", "k").trim()).isEqualTo("v");
            assertThatThrownBy(() -> Depot.open(DepotConfig.builder()
                    .url("redis-sentinel://:s3cret@127.0.0.1:" + sentinel.port() + "?master=nosuchmaster&timeout=2000")
                    .prefix(prefix).build()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageNotContaining("s3cret");
        }
    }
}
