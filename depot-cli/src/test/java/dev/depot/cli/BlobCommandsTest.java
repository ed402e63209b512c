package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.DepotConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depot blobs ls, put, get, rm, url, usage and migrate on real folders. */
class BlobCommandsTest {
    @TempDir
    Path dir;

    String blobUrl;
    Path media;

    @BeforeEach
    void setUp() {
        media = dir.resolve("media");
        blobUrl = "file:" + media + "?baseUrl=https://cdn.example.com/system";
    }

    private Cli.Result blobs(String... args) {
        List<String> all = new ArrayList<>(List.of("blobs", "--blob-url", blobUrl));
        all.addAll(List.of(args));
        return Cli.run(Map.of(), all.toArray(String[]::new));
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path file(String name, byte[] data) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, data);
        return f;
    }

    @Test
    void putListGetAndRemove() throws Exception {
        byte[] png = bytes(70_000, 1);
        Cli.Result put = blobs("put", file("cat.png", png).toString(), "avatars/1/cat.png", "--cache-control", "max-age=60");
        assertThat(put.exitCode()).as(put.all()).isZero();
        assertThat(put.out()).contains("avatars/1/cat.png").contains("70000 bytes").contains("image/png")
                .contains(BlobCommandsTestSupport.sha256(png));
        Cli.Result priv = blobs("put", file("doc.bin", bytes(10, 2)).toString(), "private/doc.bin", "--private",
                "--content-type", "application/pdf");
        assertThat(priv.exitCode()).as(priv.all()).isZero();

        Cli.Result ls = blobs("ls");
        assertThat(ls.exitCode()).as(ls.all()).isZero();
        assertThat(ls.out().lines().toList()).hasSize(2);
        assertThat(ls.out().lines().toList().get(0)).containsPattern("\\s70000\\s+image/png\\s+public\\s+avatars/1/cat.png$");
        assertThat(ls.out().lines().toList().get(1)).containsPattern("\\s10\\s+application/pdf\\s+private\\s+private/doc.bin$");
        assertThat(blobs("ls", "private/").out().lines().toList()).singleElement().asString().endsWith("private/doc.bin");

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Cli.Result get = Cli.run(Map.of(), stdout, "blobs", "--blob-url", blobUrl, "get", "avatars/1/cat.png");
        assertThat(get.exitCode()).as(get.all()).isZero();
        assertThat(stdout.toByteArray()).isEqualTo(png);
        Path copy = dir.resolve("copy.png");
        assertThat(blobs("get", "avatars/1/cat.png", copy.toString()).exitCode()).isZero();
        assertThat(Files.readAllBytes(copy)).isEqualTo(png);

        Cli.Result rm = blobs("rm", "avatars/1/cat.png", "private/doc.bin");
        assertThat(rm.exitCode()).as(rm.all()).isZero();
        assertThat(rm.out()).contains("removed avatars/1/cat.png").contains("removed private/doc.bin");
        assertThat(blobs("ls").out()).isEmpty();
    }

    @Test
    void aMissingObjectIsExitCodeOne() {
        Cli.Result get = blobs("get", "nothing/here.png");
        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.err()).contains("no object 'nothing/here.png'");
        Cli.Result rm = blobs("rm", "nothing/here.png");
        assertThat(rm.exitCode()).isEqualTo(1);
        assertThat(rm.err()).contains("no object 'nothing/here.png'");
    }

    @Test
    void badKeysAreExitCodeTwoAndCreateNothing() throws Exception {
        Path f = file("x.bin", bytes(5, 3));
        for (String bad : List.of("../escape", "/abs", "a//b", "a\\b")) {
            Cli.Result r = blobs("put", f.toString(), bad);
            assertThat(r.exitCode()).as(bad + ": " + r.all()).isEqualTo(2);
            assertThat(r.err()).contains("blob key");
        }
        assertThat(blobs("rm", "fine", "../x").exitCode()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("escape"))).isFalse();
        assertThat(blobs("ls").out()).isEmpty();
        assertThat(blobs("put", dir.resolve("no-such-file").toString(), "k").exitCode()).isEqualTo(2);
    }

    @Test
    void urlsAreTheBaseUrlPlusTheEncodedKeyAndExpiringOnesAreRefusedClearly() {
        Cli.Result url = blobs("url", "media/a b.png");
        assertThat(url.exitCode()).as(url.all()).isZero();
        assertThat(url.out().trim()).isEqualTo("https://cdn.example.com/system/media/a%20b.png");
        Cli.Result signed = blobs("url", "media/a b.png", "--ttl", "10m");
        assertThat(signed.exitCode()).isEqualTo(2);
        assertThat(signed.err()).contains("cannot make expiring URLs");
        assertThat(blobs("url", "k", "--ttl", "soon").err()).contains("--ttl must be a duration");
    }

    @Test
    void usageCountsObjectsAndBytesPerTopLevelPrefix() throws Exception {
        BlobStore store = BlobStore.open(blobUrl, DepotConfig.builder().build());
        for (int i = 0; i < 5; i++) {
            store.put("avatars/" + i + ".png", new ByteArrayInputStream(new byte[100]), 100, BlobOptions.publicRead());
        }
        store.put("media/big.mp4", new ByteArrayInputStream(new byte[3 << 20]), 3 << 20, BlobOptions.publicRead());
        store.put("top.txt", new ByteArrayInputStream(new byte[7]), 7, BlobOptions.publicRead());
        Cli.Result r = blobs("usage");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).containsPattern("avatars/\\s+5\\s+500\\s")
                .containsPattern("media/\\s+1\\s+3,145,728\\s+3.0 MiB")
                .containsPattern("\\(top level\\)\\s+1\\s+7\\s")
                .containsPattern("total\\s+7\\s+3,146,235\\s");
    }

    /**
     * Looking at the maps with the tool must not change which blob store the map store records
     * (the record a program without its session folder goes by).
     */
    @Test
    void inspectingMapsKeepsTheProgramsBlobRecord() {
        String maps = Cli.storeUrl(dir);
        Path session = dir.resolve("session");
        try (dev.depot.Depot depot = dev.depot.Depot.open(DepotConfig.builder().url(maps).sessionDir(session).build())) {
            depot.blobs().put("kept/1.txt", new ByteArrayInputStream(new byte[] {1}), 1, BlobOptions.publicRead());
        }
        Cli.Result r = Cli.run(Map.of("DEPOT_SESSION_DIR", session.toString()), "--url", maps, "maps");
        assertThat(r.exitCode()).as(r.all()).isZero();
        // the program restarts without its session folder, with a new blob store: it finds the old one in the map store
        Path fresh = dir.resolve("b");
        try (dev.depot.Depot depot = dev.depot.Depot.open(DepotConfig.builder().url(maps).sessionDir(dir.resolve("empty"))
                .blobUrl("file:" + fresh).build())) {
            assertThat(depot.blobs().head("kept/1.txt")).isPresent();
        }
    }

    @Test
    @Tag("integration") // 2,100 fsynced puts, about 12 s: with the integration tests (depot-cli has no testkit)
    void migrateCopiesEveryObjectWithAProgressBarAndResumesNothingTwice() {
        String from = "file:" + dir.resolve("a");
        BlobStore source = BlobStore.open(from, DepotConfig.builder().build());
        for (int i = 0; i < 1_050; i++) {
            byte[] b = bytes(i % 300, i);
            source.put("m/" + (i % 10) + "/" + i, new ByteArrayInputStream(b), b.length,
                    BlobOptions.publicRead().contentType("image/jpeg").metadata("i", "" + i));
        }
        String to = "file:" + dir.resolve("b");
        String maps = Cli.storeUrl(dir);
        Cli.Result r = Cli.run(Map.of(), "--url", maps, "blobs", "migrate", "--from", from, "--to", to);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("Migrating blobs from " + from + " to " + to)
                .containsPattern("blobs [0-9,]+/1,050 \\([0-9]+%\\) +[0-9,]+ objects/s +ETA")
                .contains("blobs: 1,050 objects, each verified by size and SHA-256")
                .contains("1,050 objects in " + to).contains("the source is unchanged");
        BlobStore target = BlobStore.open(to, DepotConfig.builder().build());
        try (Stream<BlobInfo> a = source.list("", null); Stream<BlobInfo> b = target.list("", null)) {
            List<BlobInfo> want = a.toList();
            List<BlobInfo> have = b.toList();
            assertThat(have).hasSize(1_050);
            for (int i = 0; i < want.size(); i++) {
                assertThat(have.get(i).key()).isEqualTo(want.get(i).key());
                assertThat(have.get(i).sha256()).isEqualTo(want.get(i).sha256());
                assertThat(have.get(i).options()).isEqualTo(want.get(i).options());
            }
        }
        Cli.Result again = Cli.run(Map.of(), "--url", maps, "blobs", "migrate", "--from", from, "--to", to);
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("nothing to copy");
    }
}
