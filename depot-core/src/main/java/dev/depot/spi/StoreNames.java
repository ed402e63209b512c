package dev.depot.spi;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The naming rules for prefixes and maps, and the name of each prefix's metadata map. Core checks
 * every prefix and map name with them before a store sees it, so a store may build table names
 * and keys from the names in {@link RawMapSpec} and {@link StoreContext}: every one matches
 * {@code [A-Za-z0-9_]+}, and {@code <prefix>_<map>} has at most {@value #MAX_STORE_NAME}
 * characters. Stores still quote identifiers. Stateless and thread-safe.
 */
public final class StoreNames {
    /** PostgreSQL's identifier limit (NAMEDATALEN - 1), the strictest of the stores; MySQL's is 64. */
    public static final int MAX_STORE_NAME = 63;
    /** The longest prefix. */
    public static final int MAX_PREFIX = 32;
    /** Map names starting with this are Depot's own (metadata). */
    public static final String RESERVED = "depot_";
    /** The metadata map's name; its table is {@code <prefix>_depot_meta}. */
    public static final String META = "depot_meta";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern MAP = Pattern.compile("[A-Za-z0-9_]+");

    private StoreNames() {}

    /**
     * Checks a prefix: 1 to {@value #MAX_PREFIX} characters of {@code [A-Za-z0-9_]}, starting with a letter.
     *
     * @throws IllegalArgumentException naming the rule it breaks
     * @throws NullPointerException     when {@code prefix} is null
     */
    public static void validatePrefix(String prefix) {
        if (prefix.isEmpty() || prefix.length() > MAX_PREFIX || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix " + show(prefix) + " is invalid: use 1 to " + MAX_PREFIX
                    + " characters from [A-Za-z0-9_], starting with a letter");
        }
    }

    /**
     * Checks a user's map name: {@code [A-Za-z0-9_]+}, not starting with {@value #RESERVED} (in any
     * case), and short enough that {@code <prefix>_<name>} fits {@value #MAX_STORE_NAME} characters.
     *
     * @throws IllegalArgumentException naming the rule it breaks
     * @throws NullPointerException     when {@code name} is null
     */
    public static void validateMapName(String prefix, String name) {
        if (name == null) {
            throw new NullPointerException("map name");
        }
        if (name.isEmpty() || !MAP.matcher(name).matches()) {
            throw new IllegalArgumentException("map name " + show(name)
                    + " is invalid: use only the characters [A-Za-z0-9_]");
        }
        if (name.toLowerCase(Locale.ROOT).startsWith(RESERVED)) {
            throw new IllegalArgumentException("map name " + show(name) + " is invalid: names starting with '"
                    + RESERVED + "' are reserved for Depot's own tables");
        }
        int max = maxMapName(prefix);
        if (name.length() > max) {
            throw new IllegalArgumentException("map name " + show(name) + " is too long: with the prefix '" + prefix
                    + "' it may have at most " + max + " characters, so that '" + prefix + "_<map>' fits the "
                    + MAX_STORE_NAME + "-character identifier limit of PostgreSQL");
        }
    }

    /** The longest map name that fits with {@code prefix}. */
    public static int maxMapName(String prefix) {
        return MAX_STORE_NAME - prefix.length() - 1;
    }

    /** The name quoted for a message, with control and non-ASCII characters escaped. */
    static String show(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("'");
        int shown = 0;
        for (char c : s.toCharArray()) {
            if (shown++ == 80) {
                sb.append("...");
                break;
            }
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('\'').toString();
    }
}
