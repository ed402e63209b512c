/**
 * Depot's SQL stores: SQLite ({@code sqlite:<file>}) now, PostgreSQL and MySQL/MariaDB as
 * dialects of the same SQL layer. Nothing is exported: applications reach the stores through
 * {@code Depot.open} and the URL scheme.
 */
module dev.depot.jdbc {
    requires dev.depot.core;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires org.xerial.sqlitejdbc;

    provides dev.depot.spi.StoreProvider with dev.depot.jdbc.internal.SqliteStoreProvider;
}
