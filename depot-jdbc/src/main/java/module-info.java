/**
 * Depot's SQL stores: SQLite ({@code sqlite:<file>}), PostgreSQL ({@code postgres://}) and
 * MySQL/MariaDB ({@code mysql://}, {@code mariadb://}) as dialects of one SQL layer. Nothing is exported: applications reach the stores through
 * {@code Depot.open} and the URL scheme.
 */
module dev.depot.jdbc {
    requires dev.depot.core;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires org.slf4j;
    requires org.xerial.sqlitejdbc;
    requires org.postgresql.jdbc;
    requires org.mariadb.jdbc;

    provides dev.depot.spi.StoreProvider with dev.depot.jdbc.internal.SqliteStoreProvider,
            dev.depot.jdbc.internal.PostgresStoreProvider, dev.depot.jdbc.internal.MySqlStoreProvider;
}
