package dev.depot;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Depot#health()} found: one {@link Part} per part of the Depot, and {@link Status#UP}
 * overall only when every part is up. Immutable.
 *
 * @param status UP when every part is UP
 * @param parts  in a fixed order: {@code store}, {@code blobs} (when a blob store is configured or
 *               open), {@code lease}, {@code writeBehind}, {@code changeFeed}
 */
public record Health(Status status, List<Part> parts) {

    /** Up or down. */
    public enum Status { UP, DOWN }

    /**
     * One part's state.
     *
     * @param name    {@code store}, {@code blobs}, {@code lease}, {@code writeBehind} or {@code changeFeed}
     * @param status  UP or DOWN
     * @param latency how long the check took (a round trip for the store and the blob store)
     * @param detail  one line for a person: what was found, or why it is down (the exception's
     *                type and message for a failed ping); never a password
     */
    public record Part(String name, Status status, Duration latency, String detail) {
        public Part {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public Health {
        parts = List.copyOf(parts);
        Objects.requireNonNull(status, "status");
    }

    /** The overall health of {@code parts}: UP when all are. */
    public static Health of(List<Part> parts) {
        return new Health(parts.stream().allMatch(p -> p.status() == Status.UP) ? Status.UP : Status.DOWN, parts);
    }

    /** Whether every part is up. */
    public boolean up() {
        return status == Status.UP;
    }

    /** The part called {@code name}, if checked. */
    public Optional<Part> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
