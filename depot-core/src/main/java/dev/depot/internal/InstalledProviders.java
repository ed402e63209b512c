package dev.depot.internal;

import dev.depot.DepotException;
import dev.depot.spi.StoreUrl;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How Depot finds its plugins (stores, blob stores, media) with {@link ServiceLoader}: on the
 * context class loader first, then on Depot's own, so both an application server's class
 * loaders and a plain class path work. Each call loads afresh; thread-safe.
 */
public final class InstalledProviders {
    private InstalledProviders() {}

    /** The installed providers of {@code type}, the context class loader's first, instantiated as the stream is read. */
    public static <P> Stream<P> of(Class<P> type) {
        return Stream.of(Thread.currentThread().getContextClassLoader(), InstalledProviders.class.getClassLoader())
                .filter(Objects::nonNull)
                .flatMap(loader -> ServiceLoader.load(type, loader).stream())
                .map(ServiceLoader.Provider::get);
    }

    /**
     * The first provider of {@code type} whose {@code schemes} include the scheme of {@code url}.
     *
     * @param kind    what the provider opens, for the error ("store", "blob store")
     * @param modules the modules that bring such providers, for the error ("depot-s3")
     * @throws DepotException naming the installed schemes and {@code modules} when none handles it
     */
    public static <P> P forScheme(Class<P> type, Function<P, Set<String>> schemes, StoreUrl url, String kind,
                                  String modules) {
        Set<String> installed = new TreeSet<>();
        return of(type).filter(p -> {
            installed.addAll(schemes.apply(p));
            return schemes.apply(p).contains(url.scheme());
        }).findFirst().orElseThrow(() -> new DepotException("no installed " + kind + " handles '" + url.scheme()
                + ":' (in " + url.masked() + "); installed schemes: " + String.join(", ", installed)
                + ". Add the store's module (" + modules + ") to the class path"));
    }
}
