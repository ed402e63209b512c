package dev.depot.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The targets one JMH fork alternates between: the benchmark's {@code target} parameter names
 * them joined by {@value #SEPARATOR} ({@code depot@sqlite+jdbc@sqlite+mvstore}), and each
 * iteration (warm-up or measured) runs the next one in turn, so Depot and its peers take
 * adjacent iterations of the same JVM and slow drifts of the machine (other load, the server's
 * caches) cancel in each round's ratio. {@link BenchMain} maps iteration {@code k} back to
 * target {@code k % size()}.
 *
 * <p>Calls through {@link KvTarget} are then bi- or megamorphic rather than monomorphic; every
 * target of the fork pays the same few nanoseconds for that. Not thread-safe: JMH calls
 * {@link #next} from its iteration set-up, before the benchmark threads start.
 */
final class Rotation implements AutoCloseable {
    static final String SEPARATOR = "+";

    private final List<KvTarget> targets;
    private int iteration;

    private Rotation(List<KvTarget> targets) {
        this.targets = targets;
    }

    /** Opens every target named in {@code group} with {@code open}; closes those opened if one fails. */
    static Rotation open(String group, Function<String, KvTarget> open) {
        List<KvTarget> opened = new ArrayList<>();
        try {
            for (String name : names(group)) {
                opened.add(open.apply(name));
            }
        } catch (RuntimeException e) {
            opened.forEach(KvTarget::close);
            throw e;
        }
        return new Rotation(opened);
    }

    /** The target names of a group parameter, in rotation order. */
    static List<String> names(String group) {
        return Arrays.asList(group.split(java.util.regex.Pattern.quote(SEPARATOR)));
    }

    /** The group parameter for these names. */
    static String group(List<String> names) {
        return String.join(SEPARATOR, names);
    }

    List<KvTarget> all() {
        return targets;
    }

    /** The target of the next iteration. */
    KvTarget next() {
        return targets.get(iteration++ % targets.size());
    }

    @Override
    public void close() {
        targets.forEach(KvTarget::close);
    }
}
