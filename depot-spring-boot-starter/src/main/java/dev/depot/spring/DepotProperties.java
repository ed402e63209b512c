package dev.depot.spring;

import dev.depot.DepotConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code depot.*} properties: one per {@link DepotConfig} setting, under the same name in
 * Spring's relaxed form ({@code depot.url}, {@code depot.cache-ttl}, {@code depot.store-params.*}
 * ...). A property left unset keeps what {@link DepotConfig#fromEnv()} read, so
 * {@code DEPOT_URL}, {@code DATABASE_URL}, {@code REDIS_URL} and the other variables keep
 * working, and a property wins over them. Durations take Spring's forms ({@code 5s},
 * {@code 500ms}, ISO-8601; a bare number is milliseconds, as in Depot). {@code leaseListener},
 * {@code migrationListener} and {@code observer} are not properties: declare a {@code LeaseListener},
 * {@code MigrationListener} or {@code DepotObserver} bean instead (with Micrometer present the
 * starter makes the observer from the application's registry).
 *
 * <p>Mutable, as Spring binds it; read once when the {@code Depot} bean is made. Not thread-safe.
 */
@ConfigurationProperties("depot")
public class DepotProperties {
    private String url;
    private String prefix;
    private Path sessionDir;
    private Duration cacheTtl;
    private Duration snapshotInterval;
    private Integer pageSize;
    private Integer maxConnections;
    private Duration connectTimeout;
    private Duration operationTimeout;
    private Duration slowCallThreshold;
    private Integer maxValueBytes;
    private String migrateFrom;
    private Boolean dropSourceAfterMigration;
    private Boolean autoMigrate;
    private Boolean sharedAccess;
    private Duration invalidationFallbackTtl;
    private Duration leaseTtl;
    private Duration leaseWait;
    private Boolean allowEphemeralTarget;
    private Boolean createIfMissing;
    private String blobUrl;
    private String migrateBlobsFrom;
    private Map<String, String> storeParams = new LinkedHashMap<>();
    /** Open Depot over the application's {@code DataSource} bean instead of {@link #url}; false by default. */
    private boolean useApplicationDataSource;
    /** Fill {@code @Stored} fields of Spring beans; true by default. */
    private boolean bindStoredFields = true;

    /**
     * {@code base} (normally {@link DepotConfig#fromEnv()}) with every property that is set
     * applied over it.
     *
     * @throws IllegalArgumentException naming the setting, as {@link DepotConfig.Builder} does
     */
    public DepotConfig.Builder applyTo(DepotConfig base) {
        DepotConfig.Builder b = base.toBuilder();
        if (url != null) {
            b.url(url);
        }
        if (prefix != null) {
            b.prefix(prefix);
        }
        if (sessionDir != null) {
            b.sessionDir(sessionDir);
        }
        if (cacheTtl != null) {
            b.cacheTtl(cacheTtl);
        }
        if (snapshotInterval != null) {
            b.snapshotInterval(snapshotInterval);
        }
        if (pageSize != null) {
            b.pageSize(pageSize);
        }
        if (maxConnections != null) {
            b.maxConnections(maxConnections);
        }
        if (connectTimeout != null) {
            b.connectTimeout(connectTimeout);
        }
        if (operationTimeout != null) {
            b.operationTimeout(operationTimeout);
        }
        if (slowCallThreshold != null) {
            b.slowCallThreshold(slowCallThreshold);
        }
        if (maxValueBytes != null) {
            b.maxValueBytes(maxValueBytes);
        }
        if (migrateFrom != null) {
            b.migrateFrom(migrateFrom);
        }
        if (dropSourceAfterMigration != null) {
            b.dropSourceAfterMigration(dropSourceAfterMigration);
        }
        if (autoMigrate != null) {
            b.autoMigrate(autoMigrate);
        }
        if (sharedAccess != null) {
            b.sharedAccess(sharedAccess);
        }
        if (invalidationFallbackTtl != null) {
            b.invalidationFallbackTtl(invalidationFallbackTtl);
        }
        if (leaseTtl != null) {
            b.leaseTtl(leaseTtl);
        }
        if (leaseWait != null) {
            b.leaseWait(leaseWait);
        }
        if (allowEphemeralTarget != null) {
            b.allowEphemeralTarget(allowEphemeralTarget);
        }
        if (createIfMissing != null) {
            b.createIfMissing(createIfMissing);
        }
        if (blobUrl != null) {
            b.blobUrl(blobUrl);
        }
        if (migrateBlobsFrom != null) {
            b.migrateBlobsFrom(migrateBlobsFrom);
        }
        storeParams.forEach(b::storeParam);
        return b;
    }

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getPrefix() { return prefix; }
    public void setPrefix(String prefix) { this.prefix = prefix; }
    public Path getSessionDir() { return sessionDir; }
    public void setSessionDir(Path sessionDir) { this.sessionDir = sessionDir; }
    public Duration getCacheTtl() { return cacheTtl; }
    public void setCacheTtl(Duration cacheTtl) { this.cacheTtl = cacheTtl; }
    public Duration getSnapshotInterval() { return snapshotInterval; }
    public void setSnapshotInterval(Duration snapshotInterval) { this.snapshotInterval = snapshotInterval; }
    public Integer getPageSize() { return pageSize; }
    public void setPageSize(Integer pageSize) { this.pageSize = pageSize; }
    public Integer getMaxConnections() { return maxConnections; }
    public void setMaxConnections(Integer maxConnections) { this.maxConnections = maxConnections; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getOperationTimeout() { return operationTimeout; }
    public void setOperationTimeout(Duration operationTimeout) { this.operationTimeout = operationTimeout; }
    public Duration getSlowCallThreshold() { return slowCallThreshold; }
    public void setSlowCallThreshold(Duration slowCallThreshold) { this.slowCallThreshold = slowCallThreshold; }
    public Integer getMaxValueBytes() { return maxValueBytes; }
    public void setMaxValueBytes(Integer maxValueBytes) { this.maxValueBytes = maxValueBytes; }
    public String getMigrateFrom() { return migrateFrom; }
    public void setMigrateFrom(String migrateFrom) { this.migrateFrom = migrateFrom; }
    public Boolean getDropSourceAfterMigration() { return dropSourceAfterMigration; }
    public void setDropSourceAfterMigration(Boolean drop) { this.dropSourceAfterMigration = drop; }
    public Boolean getAutoMigrate() { return autoMigrate; }
    public void setAutoMigrate(Boolean autoMigrate) { this.autoMigrate = autoMigrate; }
    public Boolean getSharedAccess() { return sharedAccess; }
    public void setSharedAccess(Boolean sharedAccess) { this.sharedAccess = sharedAccess; }
    public Duration getInvalidationFallbackTtl() { return invalidationFallbackTtl; }
    public void setInvalidationFallbackTtl(Duration ttl) { this.invalidationFallbackTtl = ttl; }
    public Duration getLeaseTtl() { return leaseTtl; }
    public void setLeaseTtl(Duration leaseTtl) { this.leaseTtl = leaseTtl; }
    public Duration getLeaseWait() { return leaseWait; }
    public void setLeaseWait(Duration leaseWait) { this.leaseWait = leaseWait; }
    public Boolean getAllowEphemeralTarget() { return allowEphemeralTarget; }
    public void setAllowEphemeralTarget(Boolean allow) { this.allowEphemeralTarget = allow; }
    public Boolean getCreateIfMissing() { return createIfMissing; }
    public void setCreateIfMissing(Boolean createIfMissing) { this.createIfMissing = createIfMissing; }
    public String getBlobUrl() { return blobUrl; }
    public void setBlobUrl(String blobUrl) { this.blobUrl = blobUrl; }
    public String getMigrateBlobsFrom() { return migrateBlobsFrom; }
    public void setMigrateBlobsFrom(String migrateBlobsFrom) { this.migrateBlobsFrom = migrateBlobsFrom; }
    public Map<String, String> getStoreParams() { return storeParams; }
    public void setStoreParams(Map<String, String> storeParams) { this.storeParams = storeParams; }
    public boolean isUseApplicationDataSource() { return useApplicationDataSource; }
    public void setUseApplicationDataSource(boolean use) { this.useApplicationDataSource = use; }
    public boolean isBindStoredFields() { return bindStoredFields; }
    public void setBindStoredFields(boolean bind) { this.bindStoredFields = bind; }

    @Override
    public String toString() {
        // the URLs may hold passwords: show what DepotConfig shows, masked
        return "DepotProperties[prefix=" + prefix + ", url set=" + (url != null) + "]";
    }
}
