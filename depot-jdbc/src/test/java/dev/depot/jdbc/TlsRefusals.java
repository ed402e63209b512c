package dev.depot.jdbc;

import static dev.depot.testkit.OpenFailures.assertOpenFails;

import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
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
        return assertOpenFails(url, "tls").isInstanceOf(DepotException.class).isNotInstanceOf(StoreUnavailableException.class);
    }
}
