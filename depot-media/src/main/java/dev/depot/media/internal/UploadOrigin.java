package dev.depot.media.internal;

import dev.depot.MediaAttachment;
import java.net.URI;

/**
 * Where the bytes of a call to the upload path come from.
 *
 * @param remoteUrl the remote file a cached copy was fetched from (its files go under {@code cache/}), or null
 * @param replacing the existing record that gets the new files (a refresh), or null for a new record
 */
record UploadOrigin(URI remoteUrl, MediaAttachment replacing) {
    /** A user's upload: a new record, files outside {@code cache/}. */
    static final UploadOrigin UPLOAD = new UploadOrigin(null, null);
}
