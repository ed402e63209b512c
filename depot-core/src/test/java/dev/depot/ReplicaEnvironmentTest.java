package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The read-replica settings from the environment, as Mastodon reads its replica variables:
 * {@code REPLICA_DATABASE_URL} wins; otherwise {@code REPLICA_DB_NAME} turns the replica on and each
 * {@code REPLICA_DB_*} falls back to its {@code DB_*}. They become the PostgreSQL store's
 * {@code replicaUrl} parameter; {@code DEPOT_READ_FROM} its {@code readFrom}.
 */
class ReplicaEnvironmentTest {
    @Test
    void replicaDbVariablesFallBackToTheDbOnes() {
        DepotConfig c = DepotConfig.fromEnv(Map.of("DB_HOST", "primary", "DB_USER", "mastodon", "DB_PASS", "s3cret",
                "DB_NAME", "mastodon_production", "REPLICA_DB_HOST", "replica", "REPLICA_DB_PORT", "6432",
                "REPLICA_DB_NAME", "mastodon_production", "DEPOT_READ_FROM", "replicaPreferred"));
        assertThat(c.storeParams()).containsEntry("replicaUrl", "postgres://mastodon:s3cret@replica:6432/mastodon_production")
                .containsEntry("readFrom", "replicaPreferred");
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void replicaDatabaseUrlWinsAndReplicaHostAloneTurnsNothingOn() {
        DepotConfig url = DepotConfig.fromEnv(Map.of("DATABASE_URL", "postgres://u@p/db", "REPLICA_DATABASE_URL",
                "postgres://u@r/db", "REPLICA_DB_NAME", "other"));
        assertThat(url.storeParams()).containsEntry("replicaUrl", "postgres://u@r/db");
        // Mastodon turns the replica on with REPLICA_DB_NAME or REPLICA_DATABASE_URL only
        DepotConfig hostOnly = DepotConfig.fromEnv(Map.of("DB_HOST", "primary", "REPLICA_DB_HOST", "replica"));
        assertThat(hostOnly.storeParams()).doesNotContainKey("replicaUrl");
    }

    @Test
    void replicaVariablesOfAnotherStoreAreNotDepots() {
        DepotConfig redis = DepotConfig.fromEnv(Map.of("DEPOT_URL", "redis://cache:6379", "DB_HOST", "primary",
                "REPLICA_DB_NAME", "mastodon_production"));
        assertThat(redis.storeParams()).doesNotContainKey("replicaUrl");
    }

    @Test
    void readFromIsRefusedByStoresThatCannotFollowIt() {
        assertThatThrownBy(() -> DepotConfig.builder().url("sqlite:x.db").storeParam("readFrom", "replicaPreferred").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readFrom applies to PostgreSQL");
        assertThatThrownBy(() -> DepotConfig.fromEnv(Map.of("REDIS_URL", "redis://cache", "DEPOT_READ_FROM", "replicaPreferred")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEPOT_READ_FROM");
        assertThat(DepotConfig.builder().url("redis-cluster://a,b").storeParam("readFrom", "replicaPreferred").build()
                .storeParams()).containsEntry("readFrom", "replicaPreferred");
    }
}
