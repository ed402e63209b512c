package dev.depot.spi;

import dev.depot.Depot;
import dev.depot.MediaLibrary;
import dev.depot.MediaLimits;
import dev.depot.RemoteMediaOptions;

/**
 * Plugs media processing into Depot: the module {@code depot-media} provides one, found with
 * {@link java.util.ServiceLoader} by {@link Depot#media(MediaLimits)}.
 */
public interface MediaLibraryProvider {

    /** A media library over {@code depot}'s map store and blob store, refusing uploads over {@code limits}. */
    default MediaLibrary open(Depot depot, MediaLimits limits) {
        return open(depot, limits, RemoteMediaOptions.defaults());
    }

    /** Like {@link #open(Depot, MediaLimits)}, fetching remote media and capping their cache as {@code remote} says. */
    MediaLibrary open(Depot depot, MediaLimits limits, RemoteMediaOptions remote);
}
