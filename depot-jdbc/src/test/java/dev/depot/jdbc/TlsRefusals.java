package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.TestPrefixes;
import org.assertj.core.api.AbstractThrowableAssert;

/** What the TLS tests check of a connection the server or the client refuses. */
final class TlsRefusals {
    private TlsRefusals() {}

    /**
     * Asserts that opening {@code url} fails with a {@link DepotException} that is not a retryable
     * {@link StoreUnavailableException} (a certificate or a TLS requirement does not fix itself),
     * and returns the assertion, to check the message.
     */
    static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String url) {
        return assertThatThrownBy(() -> {
            try (Depot ignored = Depot.open(DepotConfig.builder().url(url).prefix(TestPrefixes.fresh("tls")).build())) {
                throw new AssertionError("opened " + url);
            }
        }).isInstanceOf(DepotException.class).isNotInstanceOf(StoreUnavailableException.class);
    }
}
