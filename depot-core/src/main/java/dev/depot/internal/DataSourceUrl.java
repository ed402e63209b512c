package dev.depot.internal;

import dev.depot.StoreUnavailableException;
import dev.depot.spi.StoreUrl;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The store URL of an application's {@link DataSource}, read from one of its connections'
 * {@link DatabaseMetaData}: the JDBC URL the driver reports, read as a Depot URL
 * ({@link StoreUrl} reads {@code jdbc:} URLs) and stripped of its parameters and password, and
 * checked against the product name, so a driver that reports an unusual URL is caught here.
 */
final class DataSourceUrl {
    private DataSourceUrl() {}

    /**
     * @throws IllegalArgumentException when the database is not PostgreSQL, MySQL/MariaDB or SQLite
     * @throws StoreUnavailableException when no connection can be had
     */
    static String of(DataSource dataSource) {
        String product;
        String jdbcUrl;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            product = meta.getDatabaseProductName();
            jdbcUrl = meta.getURL();
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot get a connection from the application's DataSource ("
                    + dataSource.getClass().getName() + "): " + e.getMessage(), e);
        }
        String p = String.valueOf(product).toLowerCase(Locale.ROOT);
        String scheme = p.contains("postgres") ? "postgresql" : p.contains("mariadb") || p.contains("mysql") ? "mysql"
                : p.contains("sqlite") ? "sqlite" : null;
        if (scheme == null) {
            throw new IllegalArgumentException("the application's DataSource is " + product + "; Depot stores in PostgreSQL,"
                    + " MySQL/MariaDB and SQLite");
        }
        StoreUrl url;
        try {
            url = StoreUrl.parse(String.valueOf(jdbcUrl));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the application's " + product + " DataSource reports a JDBC URL Depot cannot"
                    + " read: " + e.getMessage(), e);
        }
        boolean same = url.scheme().equals(scheme) || (scheme.equals("mysql") && url.scheme().equals("mariadb"));
        if (!url.jdbc() || !same) {
            throw new IllegalArgumentException("the application's DataSource is " + product + " but reports the URL "
                    + url + "; Depot cannot tell which store it is");
        }
        return url.withoutParams(url.params().keySet()).withoutPassword();
    }
}
