package dev.depot.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * The one parser of setting values written as text, in environment variables, URL parameters
 * ({@link StoreUrl#booleanParam}, {@link StoreUrl#durationParam}, {@link StoreUrl#longParam}) and
 * command-line options alike, so that every boolean, duration and number setting accepts the
 * same words. A blank value counts as not set; callers apply their default before calling. Each
 * error is an {@link IllegalArgumentException} naming the setting and the rejected value.
 * Stateless and thread-safe.
 */
public final class SettingValues {
    private SettingValues() {}

    /**
     * {@code true}, {@code yes}, {@code on}, {@code 1} or {@code false}, {@code no}, {@code off},
     * {@code 0}, in any case, surrounding blanks ignored.
     *
     * @throws IllegalArgumentException naming {@code setting} for any other value
     */
    public static boolean parseBoolean(String setting, String value) {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(value, setting);
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(setting + " must be true or false (also yes/no, on/off, 1/0), not '"
                    + value + "'");
        };
    }

    /**
     * A duration: a number of milliseconds ({@code 1500}), a number with a unit {@code ms},
     * {@code s}, {@code m}, {@code h} or {@code d} ({@code 5s}, {@code 250ms}, {@code 7d}), or
     * ISO-8601 ({@code PT5S}). Negative durations are rejected.
     *
     * @throws IllegalArgumentException naming {@code setting} for anything else
     */
    public static Duration parseDuration(String setting, String value) {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(value, setting);
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.startsWith("p")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            } else if (v.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()));
            } else if (v.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).trim()));
            } else if (v.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).trim()));
            } else if (v.endsWith("d")) {
                d = Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1).trim()));
            } else {
                d = Duration.ofMillis(Long.parseLong(v));
            }
            if (d.isNegative()) {
                throw new IllegalArgumentException(setting + " must not be negative, not '" + value + "'");
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(setting + " must be a duration such as 5s, 250ms, 2m or PT5S, not '" + value + "'", e);
        }
    }

    /**
     * A duration as {@link #parseDuration}, from {@code min} to {@code max} inclusive.
     *
     * @throws IllegalArgumentException naming {@code setting} and the bounds for anything else
     */
    public static Duration parseDuration(String setting, String value, Duration min, Duration max) {
        Duration d = parseDuration(setting, value);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(setting + " must be from " + min.toMillis() + " ms to " + max.toMillis()
                    + " ms, not '" + value + "'");
        }
        return d;
    }

    /**
     * A whole number in decimal from {@code min} to {@code max} inclusive, surrounding blanks ignored.
     *
     * @throws IllegalArgumentException naming {@code setting} and the bounds for anything else
     */
    public static long parseLong(String setting, String value, long min, long max) {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(value, setting);
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the bounds
        }
        throw new IllegalArgumentException(setting + " must be a whole number from " + min + " to " + max + ", not '"
                + value + "'");
    }
}
