package dev.depot.cli;

import java.security.MessageDigest;
import java.util.HexFormat;

final class BlobCommandsTestSupport {
    private BlobCommandsTestSupport() {}

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
