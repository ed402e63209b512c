package dev.depot.internal.codec;

import dev.depot.Codec;

/**
 * A codec of Depot's own, whose bytes have the layout its {@link #storageType()} declares by
 * construction (8 bytes for {@code INT64}, strict UTF-8 for {@code TEXT} and {@code JSON}), so
 * the map machinery need not check each encoding again as it does for codecs users write.
 */
public interface BuiltinCodec<T> extends Codec<T> {}
