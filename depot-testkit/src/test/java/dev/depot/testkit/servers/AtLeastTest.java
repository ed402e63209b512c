package dev.depot.testkit.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The builders' count check: the value back when it fits, else the rule and the value, before any server starts. */
class AtLeastTest {
    @Test
    void aValueAtOrAboveTheMinimumComesBack() {
        assertThat(AtLeast.check(5, 5, "max_connections must be at least 5")).isEqualTo(5);
        assertThat(AtLeast.check(0, 7, "server_login_retry is not negative")).isEqualTo(7);
    }

    @Test
    void aValueBelowTheMinimumNamesTheRuleAndTheValue() {
        assertThatThrownBy(() -> AtLeast.check(1, 0, "a pool has at least one connection"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a pool has at least one connection, not 0");
    }

    @Test
    void aBuilderRefusesABadCountBeforeStartingAnything() {
        assertThatThrownBy(() -> PostgresServers.builder().maxConnections(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("max_connections must be at least 5, not 3");
        assertThatThrownBy(() -> RedisSentinelSet.start("mymaster", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a Sentinel set needs at least one replica, not 0");
    }
}
