package dev.depot.s3.internal;

import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What every request of the S3 store goes through, shared by {@link S3BlobStore}, its uploads
 * ({@link S3Upload}) and its listings ({@link S3Listing}). Thread-safe: each part is.
 *
 * @param settings the store's URL settings
 * @param client   the SDK client
 * @param errors   how SDK exceptions become Depot's
 * @param executor the threads of parallel part uploads and heads (never queues)
 */
record S3Access(S3Settings settings, S3Client client, S3Errors errors, ExecutorService executor) {}
