package dev.depot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.DepotException;
import dev.depot.spi.BlobStoreProvider;
import dev.depot.spi.StoreProvider;
import dev.depot.spi.StoreUrl;
import org.junit.jupiter.api.Test;

/** Stores and blob stores are found by scheme; an unknown scheme names what is installed and never the password. */
class InstalledProvidersTest {
    @Test
    void theProviderOfTheSchemeIsFound() {
        assertThat(DepotImpl.provider(StoreUrl.parse("memory:")).schemes()).contains("memory");
        assertThat(InstalledProviders.forScheme(BlobStoreProvider.class, BlobStoreProvider::schemes,
                StoreUrl.parse("file:/srv/media"), "blob store", "depot-s3").schemes()).contains("file");
    }

    @Test
    void anUnknownSchemeNamesTheInstalledOnesAndTheModulesToAdd() {
        assertThatThrownBy(() -> DepotImpl.provider(StoreUrl.parse("nosuch://user:s3cret@host/db")))
                .isInstanceOf(DepotException.class)
                .hasMessageContaining("no installed store handles 'nosuch:'").hasMessageContaining("memory")
                .hasMessageContaining("depot-jdbc, depot-redis").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> InstalledProviders.forScheme(BlobStoreProvider.class, BlobStoreProvider::schemes,
                StoreUrl.parse("gcs://bucket"), "blob store", "depot-s3"))
                .isInstanceOf(DepotException.class)
                .hasMessageContaining("no installed blob store handles 'gcs:'").hasMessageContaining("file")
                .hasMessageContaining("(depot-s3)");
    }

    @Test
    void everyInstalledProviderIsListed() {
        assertThat(InstalledProviders.of(StoreProvider.class).flatMap(p -> p.schemes().stream())).contains("memory");
    }
}
