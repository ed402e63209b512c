/**
 * Depot's public API ({@code dev.depot}), the SPI that stores implement ({@code dev.depot.spi}),
 * and the memory store. Implementation packages are not exported.
 */
module dev.depot.core {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;
    requires jdk.jfr; // Depot's JFR events (slow store calls, migrations, lease changes)
    requires transitive java.sql; // Depot.open(config, DataSource)

    // Only the API and the SPI: the store modules need nothing else (ByteKey, StoreNames,
    // SettingValues, SecretMasker and Backoff are in the SPI for them).
    exports dev.depot;
    exports dev.depot.spi;

    // Jackson writes Depot's own records (map records, checkpoints, lease) from this package.
    opens dev.depot.internal to com.fasterxml.jackson.databind;
    opens dev.depot.internal.blob to com.fasterxml.jackson.databind;

    uses dev.depot.spi.StoreProvider;
    uses dev.depot.spi.BlobStoreProvider;
    uses dev.depot.spi.MediaLibraryProvider;
    provides dev.depot.spi.StoreProvider with dev.depot.internal.memory.MemoryStoreProvider;
    provides dev.depot.spi.BlobStoreProvider with dev.depot.internal.blob.FileBlobStoreProvider;
}
