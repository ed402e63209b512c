package dev.depot.internal.media;

import dev.depot.Depot;
import dev.depot.MediaLibrary;
import dev.depot.MediaLimits;
import dev.depot.RemoteMediaOptions;
import dev.depot.spi.MediaLibraryProvider;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.stream.Stream;

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
        return Stream.of(Thread.currentThread().getContextClassLoader(), MediaLibraries.class.getClassLoader())
                .filter(Objects::nonNull)
                .flatMap(loader -> ServiceLoader.load(MediaLibraryProvider.class, loader).stream())
                .findFirst()
                .map(provider -> provider.get().open(depot, limits, remote))
                .orElseThrow(() -> new IllegalStateException("media processing is not installed: add the module "
                        + "depot-media (dev.depot:depot-media) to the class path or module path"));
    }
}
