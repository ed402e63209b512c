package dev.depot.spi;

import java.util.List;

/**
 * One page of a {@link RawMap#scan scan}: the entries, and the opaque cursor that continues
 * after them, or {@code null} when the scan is complete. A page may be empty while the cursor
 * is not null (a Redis SCAN step can return nothing); callers keep going until it is null.
 */
public record RawPage(List<RawEntry> entries, byte[] next) {
    public boolean isLast() {
        return next == null;
    }
}
