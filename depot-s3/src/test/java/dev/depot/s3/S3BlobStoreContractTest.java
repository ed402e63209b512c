package dev.depot.s3;

import dev.depot.BlobStore;
import dev.depot.DepotConfig;
import dev.depot.spi.BlobContext;
import dev.depot.spi.StoreUrl;
import dev.depot.s3.internal.S3BlobStoreProvider;
import dev.depot.testkit.BlobStoreContractTests;
import dev.depot.testkit.junit.S3ProxyTest;
import dev.depot.testkit.servers.S3ProxyServers;
import dev.depot.testkit.servers.S3ProxyServers.S3Proxy;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The backend-neutral blob contract against the S3 store on a real s3proxy, opened by URL. */
@S3ProxyTest
class S3BlobStoreContractTest extends BlobStoreContractTests {
    private static BlobStore store;

    @BeforeAll
    static void open() {
        S3Proxy s3 = S3ProxyServers.shared();
        String url = s3.url(s3.newBucket("contract"), Map.of("protocol", "http", "multipartThreshold",
                Integer.toString(6 << 20)));
        store = new S3BlobStoreProvider().open(new BlobContext(StoreUrl.parse(url), DepotConfig.builder().build(),
                Optional.empty()));
    }

    @AfterAll
    static void close() throws Exception {
        ((AutoCloseable) store).close();
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected boolean signsUrls() {
        return true;
    }

    /**
     * s3proxy's filesystem backend sorts keys as Java strings (UTF-16), so "\uff5a" comes after
     * an emoji there; AWS S3 lists in UTF-8 byte order, which the store passes through unchanged.
     */
    @Override
    protected boolean serverListsSupplementaryCharactersInUtf8Order() {
        return false;
    }
}
