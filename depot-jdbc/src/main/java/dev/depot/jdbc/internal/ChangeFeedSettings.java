package dev.depot.jdbc.internal;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * What a provider tells its {@link SqlStore} about change feeds: where the feed's dedicated
 * connection comes from (unpooled; PostgreSQL's direct URL when there is one), and, for the
 * polled change log, how often it is read and how long its rows are kept. Immutable.
 *
 * @param source       a data source opening a new connection per call
 * @param pollInterval how often the change log is read ({@code changePollInterval}); unused by PostgreSQL
 * @param retention    how long change-log rows are kept ({@code changeRetention}); unused by PostgreSQL
 */
record ChangeFeedSettings(DataSource source, Duration pollInterval, Duration retention) {
    /** URL parameter: how often the change log is polled. */
    static final String POLL_INTERVAL = "changePollInterval";
    /** URL parameter: how long change-log rows are kept. */
    static final String RETENTION = "changeRetention";

    /** The settings of {@code url}'s parameters, with the defaults and bounds. */
    static ChangeFeedSettings of(DataSource source, dev.depot.spi.StoreUrl url) {
        return new ChangeFeedSettings(source,
                url.durationParam(POLL_INTERVAL, ChangeLogPoller.DEFAULT_INTERVAL, Duration.ofMillis(10), Duration.ofMinutes(1)),
                url.durationParam(RETENTION, ChangeLogPoller.DEFAULT_RETENTION, Duration.ofSeconds(1), Duration.ofDays(1)));
    }
}
