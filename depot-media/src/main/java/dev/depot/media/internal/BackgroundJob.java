package dev.depot.media.internal;

import dev.depot.DbMap;
import dev.depot.MediaAttachment;
import dev.depot.Style;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one upload on a worker: {@code PROCESSING} with progress, then the styles stored
 * and the record {@code DONE}, the stored source deleted. When ffmpeg fails, the record
 * becomes {@code FAILED} with the reason and keeps no object. When the Depot closes meanwhile,
 * what was written is removed and the record stays {@code QUEUED}/{@code PROCESSING} with its
 * source, ready for {@link DepotMediaLibrary#restart}. Runs on one worker thread.
 */
final class BackgroundJob implements MediaWorkers.Job {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJob.class);

    private final long id;
    private final AvPipeline.Plan plan;
    private final Path file;
    private final Path work;
    private final AvPipeline av;
    private final DbMap<Long, MediaAttachment> records;
    private final MediaObjects objects;
    private long lastWrite;

    /** Processes {@code file} (in {@code work}, which the job removes when it ends) for the record {@code id}. */
    BackgroundJob(long id, AvPipeline.Plan plan, Path file, Path work, AvPipeline av,
                  DbMap<Long, MediaAttachment> records, MediaObjects objects) {
        this.id = id;
        this.plan = plan;
        this.file = file;
        this.work = work;
        this.av = av;
        this.records = records;
        this.objects = objects;
    }

    @Override
    public void run() {
        List<String> written = new ArrayList<>();
        try {
            progress(0, true);
            ImagePipeline.Processed processed = av.process(file, plan, work, percent -> progress(percent, false));
            MediaAttachment owner = records.get(id);
            if (owner == null) { // deleted before its processing ended: nothing to store
                return;
            }
            Map<Style, MediaAttachment.Variant> variants = objects.storeOutputs(owner, processed, written);
            MediaAttachment[] before = new MediaAttachment[1];
            MediaAttachment done = records.computeIfPresent(id, (k, a) -> {
                before[0] = a;
                return DepotMediaLibrary.done(a, variants, processed.blurhash());
            });
            if (done == null) { // deleted while it was processed
                objects.deleteQuietly(written, null);
            } else if (before[0].source() != null) {
                objects.deleteQuietly(List.of(before[0].source().key()), null);
            }
        } catch (RuntimeException e) {
            boolean closing = Thread.interrupted();
            objects.deleteQuietly(written, e);
            if (closing) {
                LOG.info("Media {} left {} for a restart: the Depot closed while it was processed", id,
                        MediaAttachment.Status.PROCESSING);
            } else {
                fail(e);
            }
        } finally {
            DepotMediaLibrary.deleteFolder(work);
        }
    }

    /** Writes the progress to the record: the first time, then at most once a second (and at 100). */
    private void progress(int percent, boolean first) {
        long now = System.nanoTime();
        if (!first && percent < 100 && now - lastWrite < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lastWrite = now;
        records.computeIfPresent(id, (k, a) -> a.status() == MediaAttachment.Status.DONE
                || a.status() == MediaAttachment.Status.FAILED ? a : a.withProgress(percent));
    }

    /** FAILED with the reason; the stored source goes, so nothing of the upload stays but the record. */
    private void fail(RuntimeException e) {
        LOG.info("Media {} failed: {}", id, e.getMessage());
        try {
            MediaAttachment[] before = new MediaAttachment[1];
            records.computeIfPresent(id, (k, a) -> {
                before[0] = a;
                return new MediaAttachment(a.id(), a.type(), MediaAttachment.Status.FAILED, e.getMessage(),
                        a.fileName(), a.owner(), a.createdAt(), a.description(), a.focus(), null, Map.of(), null,
                        null, a.remoteUrl());
            });
            if (before[0] != null && before[0].source() != null) {
                objects.deleteQuietly(List.of(before[0].source().key()), null);
            }
        } catch (RuntimeException storeDown) {
            LOG.warn("Media {} failed ({}) and its record could not say so: {}", id, e.getMessage(),
                    storeDown.toString());
        }
    }

    @Override
    public void abandon() {
        DepotMediaLibrary.deleteFolder(work);
    }
}

