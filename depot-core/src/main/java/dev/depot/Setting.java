package dev.depot;

import dev.depot.spi.SecretMasker;
import dev.depot.spi.SettingValues;
import dev.depot.spi.StoreUrl;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One setting of {@link DepotConfig}, declared once in {@link DepotSettings}: its name, its
 * default, the check a value passes when set, how it is read from the environment (if it is),
 * and how {@link DepotConfig#toString()} shows it (masked when it can hold a secret). The
 * builder's copy, {@code toBuilder}, {@code toString} and {@code fromEnv} all walk the table
 * instead of listing the settings again. Immutable and thread-safe.
 *
 * @param name     the name of the builder method and accessor, used in every message
 * @param initial  the value when none is set; null when the setting is unset by default
 * @param check    validates a value given to the builder and returns it; throws
 *                 {@link IllegalArgumentException} naming the setting
 * @param env      reads the setting from environment variables; empty when none is set
 * @param show     how {@code toString} shows a non-null value
 */
record Setting<T>(String name, T initial, Check<T> check, Function<Map<String, String>, Optional<T>> env,
                  Function<T, String> show) {

    /** Validates a value of {@code setting}; returns it, or throws naming the setting. */
    @FunctionalInterface
    interface Check<T> {
        T apply(String setting, T value);
    }

    Setting {
        Objects.requireNonNull(name, "name");
    }

    /** A setting with no check beyond non-null, no environment variable, shown as is. */
    static <T> Setting<T> of(String name, T initial) {
        return new Setting<>(name, initial, (n, v) -> v, env -> Optional.empty(), String::valueOf);
    }

    Setting<T> checked(Check<T> c) {
        return new Setting<>(name, initial, c, env, show);
    }

    /** Read from the environment by {@code reader}, which names the variables in its errors. */
    Setting<T> env(Function<Map<String, String>, Optional<T>> reader) {
        return new Setting<>(name, initial, check, reader, show);
    }

    /** Read from one variable; blank counts as unset; {@code parse} gets the variable's name for its errors. */
    Setting<T> env(String variable, BiFunction<String, String, T> parse) {
        return env(e -> variable(e, variable).map(v -> parse.apply(variable, v)));
    }

    Setting<T> shown(Function<T, String> how) {
        return new Setting<>(name, initial, check, env, how);
    }

    /** A store or blob URL: parsed at once (a malformed one fails with its password masked) and shown masked. */
    static Setting<String> url(String name, String initial) {
        return Setting.of(name, initial).checked((n, v) -> {
            StoreUrl.parse(v);
            return v;
        }).shown(SecretMasker::maskUrl);
    }

    /** A duration that is not negative and at least {@code min}. */
    static Setting<Duration> duration(String name, Duration initial, Duration min) {
        return Setting.of(name, initial).checked((n, d) -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException(n + " must not be negative, not " + d);
            }
            if (d.compareTo(min) < 0) {
                throw new IllegalArgumentException(n + " must be at least " + min.toMillis() + "ms, not " + d);
            }
            return d;
        });
    }

    /** A whole number from {@code min} to {@code max}. */
    static Setting<Integer> number(String name, int initial, int min, int max) {
        return Setting.of(name, initial).checked((n, v) -> {
            if (v < min || v > max) {
                throw new IllegalArgumentException(n + (max == Integer.MAX_VALUE ? " must be positive" : " must be from " + min
                        + " to " + max) + ", not " + v);
            }
            return v;
        });
    }

    /** A value given to the builder, checked; null is refused with a {@link NullPointerException} naming the setting. */
    T accept(T value) {
        return check.apply(name, Objects.requireNonNull(value, name));
    }

    /** The environment's value of this setting, checked, if the environment sets it. */
    Optional<T> fromEnv(Map<String, String> environment) {
        return env.apply(environment).map(this::accept);
    }

    /** {@code name=value} for {@code toString}, masked when the value can hold a secret. */
    String describe(T value) {
        return name + "=" + (value == null ? "none" : show.apply(value));
    }

    /** A variable's trimmed value, empty when unset or blank. */
    static Optional<String> variable(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** A boolean variable, read by the one parser. */
    static BiFunction<String, String, Boolean> bool() {
        return SettingValues::parseBoolean;
    }
}
