package dev.depot.spi;

import dev.depot.Depot;
import dev.depot.MediaLibrary;
import dev.depot.MediaLimits;

/**
 * Plugs media processing into Depot: the module {@code depot-media} provides one, found with
 * {@link java.util.ServiceLoader} by {@link Depot#media(MediaLimits)}.
 */
public interface MediaLibraryProvider {

    /** A media library over {@code depot}'s map store and blob store, refusing uploads over {@code limits}. */
    MediaLibrary open(Depot depot, MediaLimits limits);
}
