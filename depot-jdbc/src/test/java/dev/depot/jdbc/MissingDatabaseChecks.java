package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.NoSuchStoreException;
import dev.depot.testkit.TestPrefixes;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What opening a server store with {@code createIfMissing(false)} must do where nothing is there:
 * report it, and create neither the database nor a table. One check for PostgreSQL and MariaDB.
 *
 * @param url            the Depot URL of a database on the server
 * @param databasesNamed the number of databases with that name, as the server's own SQL tells it
 * @param createDatabase creates an empty database with that name
 * @param tablesIn       the number of tables in that database
 * @param secret         the server's password, never to appear in a message; null when it has none
 */
record MissingDatabaseChecks(Function<String, String> url, Function<String, String> databasesNamed,
                             Consumer<String> createDatabase, Function<String, String> tablesIn, String secret) {

    /** A missing database, then a missing prefix in an empty database: each reported, nothing created. */
    void inspectingCreatesNothing(String prefixStem) {
        String db = "missing_" + TestPrefixes.fresh("d").toLowerCase();
        String prefix = TestPrefixes.fresh(prefixStem);
        DepotConfig look = DepotConfig.builder().url(url.apply(db)).prefix(prefix).createIfMissing(false).build();
        var missingDatabase = assertThatThrownBy(() -> Depot.open(look)).isInstanceOf(NoSuchStoreException.class)
                .hasMessageContaining("nothing is there").hasMessageContaining(db);
        if (secret != null) {
            missingDatabase.hasMessageNotContaining(secret);
        }
        assertThat(databasesNamed.apply(db).trim()).isEqualTo("0");
        createDatabase.accept(db);
        assertThatThrownBy(() -> Depot.open(look)).isInstanceOf(NoSuchStoreException.class)
                .hasMessageContaining("prefix '" + prefix + "'");
        assertThat(tablesIn.apply(db).trim()).isEqualTo("0");
    }
}
