package dev.depot.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.BlobOptions;
import dev.depot.MediaAttachment;
import dev.depot.MediaRemoval;
import dev.depot.MediaType;
import dev.depot.MediaUsage;
import dev.depot.OrphanReport;
import dev.depot.OrphanScan;
import dev.depot.Style;
import dev.depot.UploadOptions;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pruning and usage against each blob store: unattached uploads, orphan objects and records
 * whose objects are gone, with a dry run by default, a grace period, a resumable cursor and a
 * rate limit, and the usage that names the difference.
 */
abstract class MediaPruningContractTests extends MediaStoreFixture {
    /** An id from 2001: far older than any grace period. */
    static final long OLD_ID = (1_000_000_000_000L << 16) | 7;

    private MediaAttachment upload(int width) {
        return media.upload(new ByteArrayInputStream(TestMedia.jpeg(width, 240)), "p.jpg", UploadOptions.defaults());
    }

    /** An upload whose record says it was made two hours ago: past the default grace period. */
    private MediaAttachment oldUpload(int width) {
        MediaAttachment a = upload(width);
        MediaAttachment old = new MediaAttachment(a.id(), a.type(), a.status(), a.failure(), a.fileName(), a.owner(),
                Instant.now().minus(Duration.ofHours(2)), a.description(), a.focus(), a.blurhash(), a.variants(),
                a.remoteUrl());
        records.put(a.id(), old);
        return old;
    }

    private void put(String key, int bytes) {
        depot.blobs().put(key, new ByteArrayInputStream(new byte[bytes]), bytes, BlobOptions.publicRead());
    }

    private static String keyOf(long id, String style, String stem) {
        String digits = String.format("%018d", id);
        return "media_attachments/files/" + String.join("/", digits.split("(?<=\\G\\d{3})")) + "/" + style + "/"
                + stem + ".jpeg";
    }

    @Test
    void removeUnattachedRemovesOnlyOldUploadsNobodyAttached() {
        MediaAttachment loose = upload(320);
        MediaAttachment attached = media.attach(upload(330).id(), "status:1");

        assertThat(media.removeUnattached()).as("younger than a day").isEqualTo(new MediaRemoval(0, 0, 0));
        MediaRemoval removed = media.removeUnattached(Duration.ZERO);

        assertThat(removed).isEqualTo(new MediaRemoval(1, 2, loose.storedBytes()));
        assertThat(media.get(loose.id())).isEmpty();
        assertThat(media.get(attached.id())).contains(attached);
        assertThat(objects("")).containsExactlyInAnyOrderElementsOf(
                attached.variants().values().stream().map(MediaAttachment.Variant::key).toList());
        assertThatThrownBy(() -> media.removeUnattached(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void orphansAreReportedByDefaultAndDeletedOnlyWhenApplied() {
        MediaAttachment kept = oldUpload(320);
        MediaAttachment broken = oldUpload(340);
        String noRecord = keyOf(OLD_ID, "original", "00000000000000aa");
        String otherStem = keyOf(kept.id(), "small", "00000000000000bb"); // the id has a record naming other files
        String young = keyOf(System.currentTimeMillis() << 16, "original", "00000000000000cc"); // an upload in flight
        String strange = "media_attachments/files/readme.txt";
        put(noRecord, 100);
        put(otherStem, 200);
        put(young, 400);
        put(strange, 800);
        String lost = broken.variants().get(Style.SMALL).key();
        depot.blobs().delete(lost);

        OrphanReport dry = media.removeOrphans(OrphanScan.dryRun());

        assertThat(dry.applied()).isFalse();
        assertThat(dry.objectsExamined()).isEqualTo(4 + 3);
        assertThat(dry.orphanObjects()).isEqualTo(2);
        assertThat(dry.orphanBytes()).isEqualTo(300);
        assertThat(dry.objectsDeleted()).isZero();
        assertThat(dry.inFlight()).isEqualTo(1);
        assertThat(dry.unrecognised()).isEqualTo(1);
        assertThat(dry.recordsMissingObjects()).containsExactly(broken.id());
        assertThat(dry.missingObjects()).isEqualTo(1);
        assertThat(dry.missingBytes()).isEqualTo(broken.storedBytes(Style.SMALL));
        assertThat(dry.nextCursor()).isNull();
        assertThat(objects("")).contains(noRecord, otherStem, young, strange);

        OrphanReport applied = media.removeOrphans(OrphanScan.applying());

        assertThat(applied.objectsDeleted()).isEqualTo(2);
        assertThat(objects("")).doesNotContain(noRecord, otherStem).contains(young, strange);
        assertThat(applied.recordsRepaired()).as("an upload with some files left is only reported").isZero();
        assertThat(media.get(kept.id())).isPresent();
        assertThat(media.removeOrphans(OrphanScan.dryRun()).orphanObjects()).isZero();
        assertThat(media.removeOrphans(OrphanScan.dryRun().withGrace(Duration.ZERO)).orphanObjects())
                .as("without grace the young object counts").isEqualTo(1);
    }

    @Test
    void whenAppliedRecordsWithoutFilesAreRepaired() throws Exception {
        MediaAttachment gone = oldUpload(320);
        MediaAttachment stays = oldUpload(330);
        gone.variants().values().forEach(v -> depot.blobs().delete(v.key()));

        OrphanReport report = media.removeOrphans(OrphanScan.applying());

        assertThat(report.recordsMissingObjects()).containsExactly(gone.id());
        assertThat(report.recordsRepaired()).isEqualTo(1);
        assertThat(media.get(gone.id())).as("no file left: the record goes").isEmpty();
        assertThat(media.get(stays.id())).isPresent();
    }

    @Test
    void anEmptyStoreChangesNoRecordEvenWhenApplied() {
        MediaAttachment a = oldUpload(320);
        a.variants().values().forEach(v -> depot.blobs().delete(v.key()));

        OrphanReport report = media.removeOrphans(OrphanScan.applying());

        assertThat(report.objectsExamined()).isZero();
        assertThat(report.recordsMissingObjects()).containsExactly(a.id());
        assertThat(report.recordsRepaired()).isZero();
        assertThat(records.get(a.id())).isEqualTo(a);
    }

    @Test
    void aLimitedScanResumesAtItsCursorUntilTheEnd() {
        List<String> strays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            strays.add(keyOf(OLD_ID + i, "original", "0000000000000" + (100 + i)));
            put(strays.getLast(), 10);
        }
        List<Long> examined = new ArrayList<>();
        long orphans = 0;
        String cursor = null;
        do {
            OrphanReport r = media.removeOrphans(OrphanScan.applying().withLimit(3).withStartAfter(cursor));
            examined.add(r.objectsExamined());
            orphans += r.orphanObjects();
            cursor = r.nextCursor();
        } while (cursor != null);

        assertThat(examined).containsExactly(3L, 3L, 1L);
        assertThat(orphans).isEqualTo(7);
        assertThat(objects("")).isEmpty();
    }

    @Test
    void theRateLimitSpreadsTheScan() {
        for (int i = 0; i < 10; i++) {
            put(keyOf(OLD_ID + i, "small", "000000000000000" + i), 10);
        }
        long start = System.nanoTime();
        OrphanReport r = media.removeOrphans(OrphanScan.dryRun().withObjectsPerSecond(5));
        assertThat(r.orphanObjects()).isEqualTo(10);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1800));
    }

    @Test
    void usageNamesTheDifferenceBetweenRecordsAndStore() {
        MediaAttachment a = oldUpload(320);
        MediaAttachment b = oldUpload(640);
        put(keyOf(OLD_ID, "original", "00000000000000dd"), 1_000);
        depot.blobs().delete(b.variants().get(Style.ORIGINAL).key());

        MediaUsage usage = media.usage();

        assertThat(usage.recordedByKind()).containsOnlyKeys(MediaType.IMAGE);
        assertThat(usage.recordedByKind().get(MediaType.IMAGE).get(Style.ORIGINAL))
                .isEqualTo(a.storedBytes(Style.ORIGINAL) + b.storedBytes(Style.ORIGINAL));
        assertThat(usage.recordedBytes()).isEqualTo(a.storedBytes() + b.storedBytes());
        assertThat(usage.cachedBytes()).isZero();
        assertThat(usage.listedByStyle().get(Style.SMALL)).isEqualTo(a.storedBytes(Style.SMALL) + b.storedBytes(Style.SMALL));
        assertThat(usage.listedObjects()).isEqualTo(4);
        assertThat(usage.orphanBytes()).isEqualTo(1_000);
        assertThat(usage.orphanObjects()).isEqualTo(1);
        assertThat(usage.missingBytes()).isEqualTo(b.storedBytes(Style.ORIGINAL));
        assertThat(usage.missingObjects()).isEqualTo(1);
        assertThat(usage.listedBytes() - usage.recordedBytes()).isEqualTo(usage.orphanBytes() + usage.inFlightBytes()
                + usage.unrecognisedBytes() - usage.missingBytes());
    }
}
