package dev.depot;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link MediaLibrary#removeOrphans} does: which part of the blob store it walks, how fast,
 * and whether it deletes. Immutable; each {@code with} method returns a changed copy.
 *
 * <pre>{@code media.removeOrphans(OrphanScan.dryRun().withStartAfter(report.nextCursor()).withLimit(100_000))}</pre>
 *
 * @param apply             false (the default) only reports; true deletes orphan objects and repairs records
 * @param startAfter        resume after this object key (a previous report's {@link OrphanReport#nextCursor()}),
 *                          or null to start at the beginning
 * @param grace             objects and records of uploads younger than this are left alone: they may be in flight
 *                          (one hour)
 * @param objectsPerSecond  most objects examined per second, to spare the stores; 0 for no limit (the default)
 * @param limit             most objects examined in this run; the report's cursor resumes after the last one.
 *                          0 for no limit (the default). The keys of one run are held in memory (about 100 bytes
 *                          each), so a limit also bounds the heap
 */
public record OrphanScan(boolean apply, String startAfter, Duration grace, int objectsPerSecond, long limit) {

    public OrphanScan {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, not " + grace);
        }
        if (objectsPerSecond < 0) {
            throw new IllegalArgumentException("objectsPerSecond must be 0 (no limit) or positive, not "
                    + objectsPerSecond);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (no limit) or positive, not " + limit);
        }
    }

    /** Reports only, from the beginning, one hour of grace, no rate limit, no object limit. */
    public static OrphanScan dryRun() {
        return new OrphanScan(false, null, Duration.ofHours(1), 0, 0);
    }

    /** Like {@link #dryRun()} but deleting. */
    public static OrphanScan applying() {
        return dryRun().withApply(true);
    }

    public OrphanScan withApply(boolean delete) {
        return new OrphanScan(delete, startAfter, grace, objectsPerSecond, limit);
    }

    public OrphanScan withStartAfter(String key) {
        return new OrphanScan(apply, key, grace, objectsPerSecond, limit);
    }

    public OrphanScan withGrace(Duration period) {
        return new OrphanScan(apply, startAfter, period, objectsPerSecond, limit);
    }

    public OrphanScan withObjectsPerSecond(int rate) {
        return new OrphanScan(apply, startAfter, grace, rate, limit);
    }

    public OrphanScan withLimit(long objects) {
        return new OrphanScan(apply, startAfter, grace, objectsPerSecond, objects);
    }
}
