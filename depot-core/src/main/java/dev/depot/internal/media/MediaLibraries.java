package dev.depot.internal.media;

import dev.depot.Depot;
import dev.depot.MediaLibrary;
import dev.depot.MediaLimits;
import dev.depot.RemoteMediaOptions;
import dev.depot.internal.InstalledProviders;
import dev.depot.spi.MediaLibraryProvider;
import java.util.Objects;

/** Finds the installed {@link MediaLibraryProvider} (module depot-media), as stores are found. */
public final class MediaLibraries {
    private MediaLibraries() {}

    /**
     * A library from the first provider on the context class loader, else on Depot's own.
     *
     * @throws IllegalStateException naming the module when no provider is installed
     */
    public static MediaLibrary open(Depot depot, MediaLimits limits, RemoteMediaOptions remote) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(remote, "remote");
        return InstalledProviders.of(MediaLibraryProvider.class)
                .findFirst()
                .map(provider -> provider.open(depot, limits, remote))
                .orElseThrow(() -> new IllegalStateException("media processing is not installed: add the module "
                        + "depot-media (dev.depot:depot-media) to the class path or module path"));
    }
}
