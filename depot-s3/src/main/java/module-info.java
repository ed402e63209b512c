/**
 * Depot's S3 blob store, on the AWS SDK v2 with its pure-Java Apache client. Found by
 * {@code ServiceLoader} through the {@code s3} URL scheme; exports nothing.
 */
module dev.depot.s3 {
    requires dev.depot.core;
    requires org.slf4j;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.apache5;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.retries.api;

    provides dev.depot.spi.BlobStoreProvider with dev.depot.s3.internal.S3BlobStoreProvider;
}
