package dev.depot.jdbc.internal;

import dev.depot.testkit.junit.PgBouncerTest;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PostgresServers;

/**
 * The PostgreSQL feed with the store behind PgBouncer in transaction mode (writes and their
 * {@code pg_notify} through the pooler) and {@code directUrl} to the server, where the feed's
 * {@code LISTEN} session goes (checked by name in {@code pg_stat_activity} when it is terminated).
 */
@PgBouncerTest
class PgBouncerChangeFeedTest extends PostgresChangeFeedTest {
    @Override
    protected String url(String params) {
        String url = PgBouncerServers.shared().url(DATABASE, PostgresServers.shared().url(DATABASE));
        return url + (params.isEmpty() ? "" : (url.contains("?") ? "&" : "?") + params);
    }
}
