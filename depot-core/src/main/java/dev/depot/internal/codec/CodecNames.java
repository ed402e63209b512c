package dev.depot.internal.codec;

import java.util.regex.Pattern;

/**
 * The rule for names users give JSON codecs ({@code Codec.json("peer", Peer.class)}): the id
 * becomes {@code json:<name>}, so the name must read well in a map record and in
 * {@code depot info}, and never contain what separates or quotes ids.
 */
public final class CodecNames {
    /** Letters, digits and {@code . _ - $}, starting with a letter; what class names and version tags need. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._$-]*");
    public static final int MAX_LENGTH = 200;

    private CodecNames() {}

    /**
     * {@code name} when it is a valid codec name.
     *
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException saying the rule when it is not valid
     */
    public static String check(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        if (name.length() > MAX_LENGTH || !NAME.matcher(name).matches()) {
            String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
            throw new IllegalArgumentException("'" + shown + "' is not a valid codec name: start with a letter, then "
                    + "letters, digits, '.', '_', '-' or '$', at most " + MAX_LENGTH + " characters"
                    + (name.startsWith(JsonCodec.ID_PREFIX) ? " (leave out 'json:', Depot adds it)" : ""));
        }
        return name;
    }

    /**
     * {@code id} when it can be a recorded codec id: 1 to 256 printable ASCII characters without
     * spaces, and for a {@code json:} id a valid name or Java type after the prefix. For tools
     * that write ids ({@code depot maps --rename-codec}).
     *
     * @throws IllegalArgumentException saying the rule when it is not valid
     */
    public static String checkId(String id) {
        if (id == null) {
            throw new NullPointerException("id");
        }
        if (id.isEmpty() || id.length() > 256 || !id.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("'" + id + "' is not a valid codec id: 1 to 256 printable ASCII "
                    + "characters without spaces");
        }
        if (id.startsWith(JsonCodec.ID_PREFIX) && id.length() == JsonCodec.ID_PREFIX.length()) {
            throw new IllegalArgumentException("'" + id + "' is not a valid codec id: a name must follow 'json:'");
        }
        return id;
    }
}
