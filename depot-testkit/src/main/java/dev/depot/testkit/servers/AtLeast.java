package dev.depot.testkit.servers;

/**
 * The one range check of the server builders' and starters' counts: a value below its minimum
 * is an {@link IllegalArgumentException} saying the rule and the value given, thrown before
 * anything starts. Stateless.
 */
final class AtLeast {
    private AtLeast() {}

    /**
     * {@code value} when it is at least {@code min}; otherwise throws with the message
     * "{@code rule}, not {@code value}", e.g. "max_connections must be at least 5, not 3".
     */
    static int check(int min, int value, String rule) {
        if (value < min) {
            throw new IllegalArgumentException(rule + ", not " + value);
        }
        return value;
    }
}
