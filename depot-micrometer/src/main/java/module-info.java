/**
 * Depot's meters in Micrometer ({@link dev.depot.micrometer.DepotMetrics}), and HikariCP's and
 * Lettuce's own when those are present (both optional).
 */
module dev.depot.micrometer {
    requires dev.depot.core;
    requires micrometer.core;
    requires static com.zaxxer.hikari;
    requires static lettuce.core;

    exports dev.depot.micrometer;
}
