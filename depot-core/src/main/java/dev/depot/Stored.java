package dev.depot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link DbMap} or {@link DbValue} field that {@link Depot#bind(Object)} fills with a
 * map of the store. Codecs come from the field's type arguments: {@code Long}, {@code Integer},
 * {@code String}, {@code byte[]}, {@code UUID}, {@code Instant}, and records or other classes as
 * JSON. The map is named {@code <SimpleClassName>_<field>} unless {@link #name()} says otherwise.
 *
 * <pre>{@code
 * class ChatHandler {
 *     @Stored DbMap<Long, Chat> chats;                       // map "ChatHandler_chats"
 *     @Stored(name = "seen", cacheTtlSeconds = 0) DbValue<Instant> lastSeen;
 *     @Stored(listener = "onPeer") DbMap<Long, Peer> peers;  // onPeer gets every change
 *
 *     void onPeer(MapEvent<Long, Peer> event) { ... }
 * }
 * ChatHandler handler = depot.bind(new ChatHandler());
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Stored {
    /** The map name; empty for {@code <SimpleClassName>_<field>}. */
    String name() default "";

    /** Cache TTL in seconds; -1 for the Depot's {@link DepotConfig#cacheTtl()}, 0 to turn the cache off. */
    long cacheTtlSeconds() default -1;

    /** Write-through (default) or write-behind. */
    WriteMode writeMode() default WriteMode.WRITE_THROUGH;

    /** Flush interval of write-behind, in milliseconds. */
    long flushIntervalMillis() default 1000;

    /**
     * The name of a method of the bound object that receives the map's changes
     * ({@link DbMap#listen}): an instance method, of any access, taking one {@link MapEvent}
     * parameter. Empty (the default) for none. Only on {@link DbMap} fields; a missing or
     * ill-shaped method makes {@link Depot#bind} fail before any map is opened.
     */
    String listener() default "";
}
