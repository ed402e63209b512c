package dev.depot.s3.internal;

import dev.depot.DepotException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One {@code put}: the stream is read once, hashed (SHA-256) as it is read, and sent either as
 * one PUT or as a multipart upload.
 *
 * <p><b>Which.</b> A known length up to {@code multipartThreshold} is one PUT. A longer one is a
 * multipart upload. An unknown length is read one part at a time: when the stream ends within
 * the first part it is one PUT, else the parts become a multipart upload. With
 * {@code forceSingleRequest} (providers without multipart) the stream is spooled to a temporary
 * file past the threshold and sent as one PUT.
 *
 * <p><b>Memory.</b> A PUT body is held in heap (it is at most the threshold, or one part); a
 * multipart upload holds the part being read plus at most {@code uploadThreads} parts in flight,
 * so heap use is bounded by {@code max(threshold, (uploadThreads + 1) * partSize)} whatever the
 * object's size.
 *
 * <p><b>Atomicity.</b> S3 shows an object only once its PUT or its multipart completion
 * succeeded. Any failure — the caller's stream throws or ends early, a part fails — aborts the
 * multipart upload, so no partial object ever becomes visible and an older object with the key
 * stays as it was.
 *
 * <p><b>Checksum.</b> The SHA-256 is stored as user metadata ({@value ObjectWrite#SHA256}). A PUT
 * knows it before sending (the body is buffered); a multipart upload learns it only after the
 * last part, when its metadata is already fixed, so the completed object is copied onto itself
 * with the checksum added ({@code x-amz-copy-source-if-match} its ETag, so a concurrent writer's
 * object is never labelled with our checksum). If that copy fails (or the object is over the
 * 5 GiB copy limit), the object stays complete without a recorded checksum.
 *
 * <p>This class is long because a single PUT, a spooled PUT and a parallel multipart upload (with its
 * abort and checksum record) are one upload decision.
 */
final class S3Upload {
    private static final Logger LOG = LoggerFactory.getLogger(S3Upload.class);
    /** S3 allows at most this many parts. */
    private static final int MAX_PARTS = 10_000;
    private static final long MAX_COPY_BYTES = 5L << 30;

    private final S3Access access;
    /** Parts sent, and the most sent at once: what the tests check the parallelism by. */
    private final AtomicLong partsSent = new AtomicLong();
    private final AtomicInteger partsNow = new AtomicInteger();
    private final AtomicInteger mostPartsAtOnce = new AtomicInteger();

    S3Upload(S3Access access) {
        this.access = access;
    }

    long partsSent() {
        return partsSent.get();
    }

    int mostPartsAtOnce() {
        return mostPartsAtOnce.get();
    }

    /** What was written: size, checksum; empty when {@code createOnly} and the key was taken. */
    record Written(long size, String sha256) {}

    Optional<Written> upload(ObjectWrite write, String shownKey, InputStream in, long length, boolean createOnly) {
        MessageDigest sha = digest("SHA-256");
        if (access.settings().forceSingleRequest()) {
            return spooled(write, shownKey, in, length, sha, createOnly);
        }
        if (length >= 0 && length <= access.settings().multipartThreshold()) {
            byte[] body = readExactly(in, (int) length, shownKey, length);
            sha.update(body);
            return single(write, shownKey, body, body.length, sha, createOnly);
        }
        int partSize = partSize(length);
        byte[] first = new byte[(int) Math.min(partSize, length >= 0 ? length : partSize)];
        int n = readUpTo(in, first, shownKey);
        if (length < 0 && n < first.length) {
            sha.update(first, 0, n);
            return single(write, shownKey, first, n, sha, createOnly);
        }
        if (length >= 0 && n < first.length) {
            throw shortStream(shownKey, n, length);
        }
        return multipart(write, shownKey, in, length, partSize, first, n, sha, createOnly);
    }

    private int partSize(long length) {
        if (length < 0) {
            return access.settings().partSize();
        }
        long needed = (length + MAX_PARTS - 1) / MAX_PARTS;
        long size = Math.max(access.settings().partSize(), ((needed + (1 << 20) - 1) >> 20) << 20);
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("object of " + length + " bytes is larger than S3 accepts");
        }
        return (int) size;
    }

    private Optional<Written> single(ObjectWrite write, String shownKey, byte[] body, int len, MessageDigest sha,
                                     boolean createOnly) {
        String hex = HexFormat.of().formatHex(sha.digest());
        MessageDigest md5 = digest("MD5");
        md5.update(body, 0, len);
        var request = write.put(len, hex, Base64.getEncoder().encodeToString(md5.digest()));
        if (createOnly) {
            request.ifNoneMatch("*");
        }
        try {
            access.client().putObject(request.build(), RequestBody.fromContentProvider(
                    () -> new ByteArrayInputStream(body, 0, len), len, write.contentType()));
        } catch (SdkException e) {
            if (createOnly && S3Errors.hasStatus(e, 412)) {
                return Optional.empty();
            }
            throw access.errors().translate("put " + shownKey, e);
        }
        return Optional.of(new Written(len, hex));
    }

    private Optional<Written> spooled(ObjectWrite write, String shownKey, InputStream in, long length, MessageDigest sha,
                                      boolean createOnly) {
        long limit = access.settings().multipartThreshold();
        if (length >= 0 && length <= limit) {
            byte[] body = readExactly(in, (int) length, shownKey, length);
            sha.update(body);
            return single(write, shownKey, body, body.length, sha, createOnly);
        }
        Path tmp;
        try {
            tmp = Files.createTempFile("depot-s3-upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file to spool " + shownKey, e);
        }
        try {
            long size = 0;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                while (length < 0 || size < length) {
                    int want = length < 0 ? buf.length : (int) Math.min(buf.length, length - size);
                    int r = read(in, buf, 0, want, shownKey);
                    if (r < 0) {
                        break;
                    }
                    sha.update(buf, 0, r);
                    out.write(buf, 0, r);
                    size += r;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot spool " + shownKey + " to " + tmp, e);
            }
            if (length >= 0 && size < length) {
                throw shortStream(shownKey, size, length);
            }
            String hex = HexFormat.of().formatHex(sha.digest());
            var request = write.put(size, hex, null);
            if (createOnly) {
                request.ifNoneMatch("*");
            }
            try {
                access.client().putObject(request.build(), RequestBody.fromFile(tmp));
            } catch (SdkException e) {
                if (createOnly && S3Errors.hasStatus(e, 412)) {
                    return Optional.empty();
                }
                throw access.errors().translate("put " + shownKey, e);
            }
            return Optional.of(new Written(size, hex));
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.warn("could not delete the temporary file {}", tmp);
            }
        }
    }

    private Optional<Written> multipart(ObjectWrite write, String shownKey, InputStream in, long length, int partSize,
                                        byte[] first, int firstLength, MessageDigest sha, boolean createOnly) {
        String uploadId;
        try {
            uploadId = access.client().createMultipartUpload(write.create()).uploadId();
        } catch (SdkException e) {
            throw access.errors().translate("start a multipart upload of " + shownKey, e);
        }
        Semaphore inFlight = new Semaphore(access.settings().uploadThreads());
        List<Future<CompletedPart>> parts = new ArrayList<>();
        boolean completed = false;
        try {
            long size = 0;
            byte[] part = first;
            int n = firstLength;
            int number = 1;
            while (true) {
                sha.update(part, 0, n);
                size += n;
                submit(write, shownKey, uploadId, number++, part, n, inFlight, parts);
                if (number > MAX_PARTS + 1) {
                    throw new DepotException("object " + shownKey + " needs more than " + MAX_PARTS
                            + " parts of " + partSize + " bytes; raise partSize");
                }
                if (length >= 0 && size == length) {
                    break;
                }
                part = new byte[(int) (length >= 0 ? Math.min(partSize, length - size) : partSize)];
                n = readUpTo(in, part, shownKey);
                if (length >= 0 && n < part.length) {
                    throw shortStream(shownKey, size + n, length);
                }
                if (n == 0) {
                    break;
                }
            }
            List<CompletedPart> done = new ArrayList<>(parts.size());
            for (Future<CompletedPart> f : parts) {
                done.add(await(f, shownKey));
            }
            CompleteMultipartUploadRequest.Builder complete = CompleteMultipartUploadRequest.builder()
                    .bucket(access.settings().bucket()).key(write.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(done));
            if (createOnly) {
                complete.ifNoneMatch("*");
            }
            CompleteMultipartUploadResponse response;
            try {
                response = access.client().completeMultipartUpload(complete.build());
            } catch (SdkException e) {
                if (createOnly && S3Errors.hasStatus(e, 412)) {
                    return Optional.empty(); // aborted below
                }
                throw access.errors().translate("complete the multipart upload of " + shownKey, e);
            }
            completed = true;
            String hex = HexFormat.of().formatHex(sha.digest());
            recordChecksum(write, shownKey, response.eTag(), size, hex);
            return Optional.of(new Written(size, hex));
        } finally {
            if (!completed) {
                abort(write, shownKey, uploadId, parts);
            }
        }
    }

    private void submit(ObjectWrite write, String shownKey, String uploadId, int number, byte[] part, int n,
                        Semaphore inFlight, List<Future<CompletedPart>> parts) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DepotException("interrupted while uploading " + shownKey, e);
        }
        // A part that already failed fails the whole upload now, not after the stream is read.
        for (Future<CompletedPart> f : parts) {
            if (f.isDone()) {
                await(f, shownKey);
            }
        }
        parts.add(access.executor().submit(() -> {
            mostPartsAtOnce.accumulateAndGet(partsNow.incrementAndGet(), Math::max);
            try {
                MessageDigest md5 = digest("MD5");
                md5.update(part, 0, n);
                String etag = access.client().uploadPart(r -> r.bucket(access.settings().bucket()).key(write.key()).uploadId(uploadId)
                                .partNumber(number).contentLength((long) n)
                                .contentMD5(Base64.getEncoder().encodeToString(md5.digest())),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, n), n,
                                "application/octet-stream")).eTag();
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
            } catch (SdkException e) {
                throw access.errors().translate("upload part " + number + " of " + shownKey, e);
            } finally {
                partsNow.decrementAndGet();
                partsSent.incrementAndGet();
                inFlight.release();
            }
        }));
    }

    private static CompletedPart await(Future<CompletedPart> f, String shownKey) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DepotException("interrupted while uploading " + shownKey, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new DepotException("uploading " + shownKey + " failed", e.getCause());
        }
    }

    private void abort(ObjectWrite write, String shownKey, String uploadId, List<Future<CompletedPart>> parts) {
        // Parts start at once (the access.executor() does not queue), so waiting for each is waiting for
        // at most uploadThreads requests; aborting first could let a late part outlive the abort.
        for (Future<CompletedPart> f : parts) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                // the upload is being abandoned; the first failure is what the caller sees
            }
        }
        try {
            access.client().abortMultipartUpload(r -> r.bucket(access.settings().bucket()).key(write.key()).uploadId(uploadId));
        } catch (SdkException e) {
            // Nothing was completed, so no object is visible; the parts cost storage until the
            // bucket's lifecycle rule (or the next abort) removes them.
            LOG.warn("could not abort the multipart upload of {} in {}: {}", shownKey, access.settings(),
                    access.settings().scrub(e.getMessage()));
        }
    }

    private void recordChecksum(ObjectWrite write, String shownKey, String etag, long size, String hex) {
        if (size > MAX_COPY_BYTES || etag == null) {
            return;
        }
        try {
            access.client().copyObject(write.recordChecksum(etag, hex));
        } catch (SdkException e) {
            LOG.warn("{} is stored but its SHA-256 could not be recorded in {}: {}", shownKey, access.settings(),
                    access.settings().scrub(e.getMessage()));
        }
    }

    private static byte[] readExactly(InputStream in, int length, String shownKey, long expected) {
        byte[] body = new byte[length];
        int n = readUpTo(in, body, shownKey);
        if (n < length) {
            throw shortStream(shownKey, n, expected);
        }
        return body;
    }

    /** Fills {@code buf} from {@code in}; returns how many bytes were read (less only at the end). */
    private static int readUpTo(InputStream in, byte[] buf, String shownKey) {
        int n = 0;
        while (n < buf.length) {
            int r = read(in, buf, n, buf.length - n, shownKey);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    private static int read(InputStream in, byte[] buf, int off, int len, String shownKey) {
        try {
            return in.read(buf, off, len);
        } catch (IOException e) {
            throw new DepotException("reading the content of " + shownKey + " failed; nothing was stored: " + e, e);
        }
    }

    private static DepotException shortStream(String shownKey, long got, long expected) {
        return new DepotException("the content of " + shownKey + " ended after " + got + " of " + expected
                + " bytes; nothing was stored");
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is missing from this JVM", e);
        }
    }
}
