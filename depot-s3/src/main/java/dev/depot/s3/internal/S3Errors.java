package dev.depot.s3.internal;

import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns the SDK's exceptions into Depot's: an endpoint that cannot be reached, a timeout or a
 * 5xx/throttling answer is a retryable {@link StoreUnavailableException}; wrong credentials, a
 * missing bucket or any other refusal is a {@link DepotException} naming the bucket and endpoint.
 * Messages carry the server's error code, never a secret (the SDK's text is scrubbed too).
 */
final class S3Errors {
    private final S3Settings settings;

    S3Errors(S3Settings settings) {
        this.settings = settings;
    }

    /** The Depot exception for {@code e}, thrown while doing {@code what} (e.g. "put avatars/1.png"). */
    DepotException translate(String what, SdkException e) {
        String where = " (bucket " + settings.bucket() + " at " + settings.endpointText() + ")";
        if (e instanceof AwsServiceException s) {
            int status = s.statusCode();
            String code = s.awsErrorDetails() != null ? s.awsErrorDetails().errorCode() : null;
            String detail = "HTTP " + status + (code != null ? " " + code : "");
            if (status >= 500 || status == 429 || "SlowDown".equals(code) || "RequestTimeout".equals(code)) {
                return new StoreUnavailableException("S3 could not " + what + where + ": " + detail
                        + "; retry later", e);
            }
            if ("NoSuchBucket".equals(code)) {
                return new DepotException("bucket " + settings.bucket() + " does not exist at " + settings.endpointText()
                        + " (" + detail + "); create it or fix S3_BUCKET / the URL's bucket, while trying to " + what, e);
            }
            if (status == 403 || status == 401 || "InvalidAccessKeyId".equals(code)
                    || "SignatureDoesNotMatch".equals(code) || "AccessDenied".equals(code)) {
                return new DepotException("S3 refused to " + what + where + ": " + detail + "; check the access key "
                        + "(AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) and that it may use the bucket", e);
            }
            return new DepotException("S3 could not " + what + where + ": " + detail + " "
                    + settings.scrub(s.awsErrorDetails() != null ? s.awsErrorDetails().errorMessage() : ""), e);
        }
        if (e instanceof AbortedException) {
            Thread.currentThread().interrupt();
            return new StoreUnavailableException("interrupted while trying to " + what + where, e);
        }
        if (e instanceof SdkClientException) {
            return new StoreUnavailableException("S3 endpoint unreachable while trying to " + what + where + ": "
                    + settings.scrub(rootMessage(e)), e);
        }
        return new DepotException("S3 failed to " + what + where + ": " + settings.scrub(rootMessage(e)), e);
    }

    /** True for a 404 without a bucket error: the object (or upload) is not there. */
    static boolean isNotFound(SdkException e) {
        return e instanceof AwsServiceException s && s.statusCode() == 404
                && (s.awsErrorDetails() == null || !"NoSuchBucket".equals(s.awsErrorDetails().errorCode()));
    }

    static boolean hasStatus(SdkException e, int status) {
        return e instanceof AwsServiceException s && s.statusCode() == status;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m != null ? ": " + m : "");
    }
}
