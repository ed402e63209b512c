package dev.depot;

/** What an upload turned out to be, judged from its bytes. */
public enum MediaType {
    /** A still image (JPEG, PNG, static GIF, WebP, HEIC/HEIF, AVIF). */
    IMAGE,
    /** A short silent loop: an animated GIF or a video without sound, played like a GIF. */
    GIFV,
    /** A video with sound. */
    VIDEO,
    /** Sound only. */
    AUDIO
}
