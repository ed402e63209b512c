/**
 * Depot's media processing: uploads sniffed from their bytes (Tika core's magic detector),
 * limited, and turned into styles by libvips and ffmpeg processes. Found by {@code ServiceLoader} through
 * {@link dev.depot.spi.MediaLibraryProvider} ({@code Depot.media()}); exports nothing.
 */
module dev.depot.media {
    requires dev.depot.core;
    requires org.slf4j;
    requires org.apache.tika.core;
    // tika-core is an automatic module and names none of its own needs; these two are what its
    // detector loads, so they must be in the module graph when Depot runs on the module path.
    requires org.apache.commons.io;
    requires org.apache.commons.xml.secure;
    requires java.desktop; // ImageIO reads the blurhash thumbnail's pixels
    requires java.net.http; // cacheRemote fetches remote media

    provides dev.depot.spi.MediaLibraryProvider with dev.depot.media.internal.VipsMediaLibraryProvider;
}
