package dev.depot.media.internal;

import dev.depot.Depot;
import dev.depot.MediaLibrary;
import dev.depot.MediaLimits;
import dev.depot.RemoteMediaOptions;
import dev.depot.spi.MediaLibraryProvider;

/** Provides {@link DepotMediaLibrary}, which processes images with libvips and video and audio with ffmpeg processes. */
public final class VipsMediaLibraryProvider implements MediaLibraryProvider {
    @Override
    public MediaLibrary open(Depot depot, MediaLimits limits, RemoteMediaOptions remote) {
        return new DepotMediaLibrary(depot, limits, remote);
    }
}
