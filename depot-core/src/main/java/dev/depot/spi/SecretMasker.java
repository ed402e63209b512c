package dev.depot.spi;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way Depot hides secrets in text it shows: URLs it parsed mask themselves
 * ({@link StoreUrl#masked()}); text from elsewhere (a driver's or server's message, a URL that did
 * not parse) goes through this class. Every secret is replaced by {@value #MASK}.
 *
 * <p>Secrets shorter than {@value #MIN_LENGTH} characters are left alone: replacing every
 * {@code a} in a message would garble it and show where the password's letters stand, which
 * reveals more than it hides. Immutable and thread-safe.
 */
public final class SecretMasker {
    /** What stands in for a secret. */
    public static final String MASK = "****";
    /** The shortest secret that is scrubbed from text. */
    public static final int MIN_LENGTH = 3;
    /** {@code //user:password@} in a URL as written: group 1 is up to the colon, group 2 the password. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(//[^:/@]*:)([^@/]*)@");
    /** A query parameter whose name says password or secret, as in {@code jdbc:...?user=u&password=p}. */
    private static final Pattern PARAM_PASSWORD = Pattern.compile("([?&][^=&#]*(?i:password|secret)[^=&#]*=)[^&#]*");

    private final List<String> secrets;

    private SecretMasker(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A masker of the given secrets; nulls and secrets shorter than {@value #MIN_LENGTH} are ignored. */
    public static SecretMasker of(String... secrets) {
        return new SecretMasker(Arrays.stream(secrets)
                .filter(s -> s != null && s.length() >= MIN_LENGTH)
                .distinct()
                // the longest first, so a secret that contains another is masked whole
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList());
    }

    /** A masker of the given secrets; nulls and secrets shorter than {@value #MIN_LENGTH} are ignored. */
    public static SecretMasker of(List<String> secrets) {
        return of(secrets.toArray(String[]::new));
    }

    /** {@code text} with every secret replaced by {@value #MASK}; the empty string for null. */
    public String scrub(String text) {
        if (text == null) {
            return "";
        }
        String s = text;
        for (String secret : secrets) {
            s = s.replace(secret, MASK);
        }
        return s;
    }

    /**
     * A URL (or a text holding one) masked as well as can be done without parsing it: whatever
     * stands between {@code //user:} and {@code @}, and the value of a query parameter whose
     * name says password or secret, become {@value #MASK}. For URLs that
     * {@link StoreUrl#parse} refused; a parsed URL masks itself completely.
     */
    public static String maskUrlText(String text) {
        String userInfoMasked = URL_PASSWORD.matcher(Objects.requireNonNull(text, "text"))
                .replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
        return PARAM_PASSWORD.matcher(userInfoMasked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /**
     * A URL as it may be shown: parsed and masked by {@link StoreUrl#masked()} (the password and
     * password-like parameters), or, when it does not parse, by {@link #maskUrlText}.
     */
    public static String maskUrl(String url) {
        Objects.requireNonNull(url, "url");
        try {
            return StoreUrl.parse(url).masked();
        } catch (IllegalArgumentException e) {
            return maskUrlText(url);
        }
    }

    /**
     * Whether a URL parameter (or a store parameter given apart from the URL) holds a secret: its
     * name says password or secret, or its value is a URL with a password (a {@code directUrl}).
     */
    public static boolean isSecretParam(String name, String value) {
        String k = Objects.requireNonNull(name, "name").toLowerCase(java.util.Locale.ROOT);
        return k.contains("password") || k.contains("secret") || (value != null && rawUrlPassword(value).isPresent());
    }

    /**
     * A parameter's value as it may be shown: {@value #MASK} when its name says password or
     * secret, the URL with its password masked when the value is one, else the value.
     */
    public static String maskParam(String name, String value) {
        String k = Objects.requireNonNull(name, "name").toLowerCase(java.util.Locale.ROOT);
        if (k.contains("password") || k.contains("secret")) {
            return MASK;
        }
        return value == null ? "" : maskUrlText(value);
    }

    /** The password of {@code //user:password@} in a URL as written (not decoded), if it has one. */
    public static Optional<String> rawUrlPassword(String url) {
        Matcher m = URL_PASSWORD.matcher(Objects.requireNonNull(url, "url"));
        return m.find() ? Optional.of(m.group(2)) : Optional.empty();
    }
}
