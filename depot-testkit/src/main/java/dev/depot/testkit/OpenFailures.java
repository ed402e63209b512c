package dev.depot.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import org.assertj.core.api.AbstractThrowableAssert;

/** Assertions on a Depot that must not open: a refused TLS connection, a wrong certificate. Stateless. */
public final class OpenFailures {
    private OpenFailures() {}

    /**
     * Asserts that opening {@code url} on a fresh prefix named after {@code stem} throws, and returns
     * the assertion, to check the exception's type and message.
     */
    public static AbstractThrowableAssert<?, ? extends Throwable> assertOpenFails(String url, String stem) {
        return assertThatThrownBy(() -> {
            try (Depot ignored = Depot.open(DepotConfig.builder().url(url).prefix(TestPrefixes.fresh(stem)).build())) {
                throw new AssertionError("opened " + url);
            }
        });
    }
}
