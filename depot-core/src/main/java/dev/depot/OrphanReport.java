package dev.depot;

import java.util.List;
import java.util.Objects;

/**
 * What {@link MediaLibrary#removeOrphans} found (and, when applied, did). Each key it judged is also
 * logged with its reason (logger {@code dev.depot.media}).
 *
 * @param applied          whether it deleted and repaired, or only reported
 * @param objectsExamined  media objects listed in this run
 * @param bytesExamined    their bytes
 * @param orphanObjects    objects no record names (no record with their id, or a record naming other files)
 * @param orphanBytes      their bytes
 * @param objectsDeleted   orphan objects deleted (0 in a dry run)
 * @param inFlight         objects left alone because their upload is younger than the grace period or still processing
 * @param unrecognised     objects under the media folders whose key is not laid out as media keys are; never deleted
 * @param recordsMissingObjects ids of records that name objects the store does not hold (at most 1,000 listed)
 * @param missingObjects   how many named objects are missing
 * @param missingBytes     their recorded bytes
 * @param recordsRepaired  records changed when applied: a remote copy loses its remaining files (refresh fetches it
 *                         again); an upload with none of its files left is removed
 * @param nextCursor       the key to pass as {@link OrphanScan#startAfter} to go on, or null when the walk reached the end
 */
public record OrphanReport(boolean applied, long objectsExamined, long bytesExamined, long orphanObjects,
                           long orphanBytes, long objectsDeleted, long inFlight, long unrecognised,
                           List<Long> recordsMissingObjects, long missingObjects, long missingBytes,
                           long recordsRepaired, String nextCursor) {
    public OrphanReport {
        recordsMissingObjects = List.copyOf(Objects.requireNonNull(recordsMissingObjects, "recordsMissingObjects"));
    }
}
