package dev.depot.s3.internal;

import dev.depot.BlobOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The headers of one object write — content type, {@code Cache-Control}, ACL, storage class and
 * user metadata — applied the same way to a single PUT, a multipart upload and the in-place copy
 * that records the checksum after a multipart upload.
 *
 * @param settings the store's settings (bucket, ACL, storage class)
 * @param key      the object's full key, the store's key prefix included
 * @param options  what the caller asked for the object
 */
record ObjectWrite(S3Settings settings, String key, BlobOptions options) {
    /** User-metadata name of the object's SHA-256 (hex); hidden from {@code BlobInfo.metadata()}. */
    static final String SHA256 = "depot-sha256";
    /**
     * User-metadata name recording public or private ({@value #PUBLIC} / {@value #PRIVATE}), also
     * hidden: the ACL cannot tell it where no ACL is sent, and reading it would cost a request.
     */
    static final String ACCESS = "depot-access";
    static final String PUBLIC = "public";
    static final String PRIVATE = "private";
    static final String DEFAULT_TYPE = "application/octet-stream";

    String contentType() {
        return options.contentType() != null ? options.contentType() : DEFAULT_TYPE;
    }

    /**
     * The canned ACL: the configured permission for public objects, {@code private} for private
     * ones, and none at all when the permission is empty (providers without ACLs, mastodon#17978).
     */
    String acl() {
        if (settings.permission() == null) {
            return null;
        }
        return options.publicAccess() ? settings.permission() : "private";
    }

    Map<String, String> metadata(String sha256) {
        Map<String, String> m = new LinkedHashMap<>(options.metadata());
        m.remove(SHA256);
        m.remove(ACCESS);
        m.put(ACCESS, options.publicAccess() ? PUBLIC : PRIVATE);
        if (sha256 != null) {
            m.put(SHA256, sha256);
        }
        return m;
    }

    PutObjectRequest.Builder put(long length, String sha256, String md5) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(settings.bucket()).key(key)
                .contentType(contentType()).contentLength(length).metadata(metadata(sha256));
        if (md5 != null) {
            b.contentMD5(md5);
        }
        headers(b::cacheControl, b::acl, b::storageClass);
        return b;
    }

    CreateMultipartUploadRequest create() {
        CreateMultipartUploadRequest.Builder b = CreateMultipartUploadRequest.builder().bucket(settings.bucket()).key(key)
                .contentType(contentType()).metadata(metadata(null));
        headers(b::cacheControl, b::acl, b::storageClass);
        return b.build();
    }

    /** Copies the object onto itself, if it is still {@code etag}, adding the checksum. */
    CopyObjectRequest recordChecksum(String etag, String sha256) {
        CopyObjectRequest.Builder b = CopyObjectRequest.builder().sourceBucket(settings.bucket()).sourceKey(key)
                .destinationBucket(settings.bucket()).destinationKey(key).copySourceIfMatch(etag)
                .metadataDirective(MetadataDirective.REPLACE).contentType(contentType()).metadata(metadata(sha256));
        headers(b::cacheControl, b::acl, b::storageClass);
        return b.build();
    }

    /** Sets cache control, ACL and storage class, where given, on any of the SDK's write request builders. */
    private void headers(Consumer<String> cacheControl, Consumer<String> acl, Consumer<String> storageClass) {
        if (options.cacheControl() != null) {
            cacheControl.accept(options.cacheControl());
        }
        if (acl() != null) {
            acl.accept(acl());
        }
        if (settings.storageClass() != null) {
            storageClass.accept(settings.storageClass());
        }
    }
}
