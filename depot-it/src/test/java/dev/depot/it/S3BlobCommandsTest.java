package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.cli.Main;
import dev.depot.testkit.junit.S3ProxyTest;
import dev.depot.testkit.servers.S3ProxyServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code depot blobs} against an S3 endpoint (s3proxy), as an operator runs it: the command line
 * carries the S3 store, and what it writes is what it reads, lists and signs.
 */
@S3ProxyTest
class S3BlobCommandsTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private Result depot(String... args) {
        CommandLine cl = Main.newCommandLine(Map.of("DEPOT_SESSION_DIR", dir.resolve("session").toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void putListGetSignAndRemoveThroughTheCommandLine() throws Exception {
        S3ProxyServers.S3Proxy s3 = S3ProxyServers.shared();
        String url = s3.url(s3.newBucket("cli"));
        String mapStore = "sqlite:" + dir.resolve("maps.db");
        Path file = dir.resolve("cat.png");
        Files.writeString(file, "not really a png");

        Result put = depot("--url", mapStore, "blobs", "--blob-url", url, "put", file.toString(), "media/cat.png",
                "--content-type", "image/png", "--private");
        assertThat(put.code()).as(put.err()).isZero();

        Result ls = depot("--url", mapStore, "blobs", "--blob-url", url, "ls", "media/");
        assertThat(ls.code()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("media/cat.png").contains("image/png").contains("private");

        Path back = dir.resolve("back.png");
        Result get = depot("--url", mapStore, "blobs", "--blob-url", url, "get", "media/cat.png", back.toString());
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(Files.readString(back)).isEqualTo("not really a png");

        Result signed = depot("--url", mapStore, "blobs", "--blob-url", url, "url", "media/cat.png", "--ttl", "10m");
        assertThat(signed.code()).as(signed.err()).isZero();
        HttpResponse<String> fetched = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(signed.out().trim())).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo("not really a png");

        Result usage = depot("--url", mapStore, "blobs", "--blob-url", url, "usage");
        assertThat(usage.code()).as(usage.err()).isZero();
        assertThat(usage.out()).contains("media");

        Result rm = depot("--url", mapStore, "blobs", "--blob-url", url, "rm", "media/cat.png");
        assertThat(rm.code()).as(rm.err()).isZero();
        Result missing = depot("--url", mapStore, "blobs", "--blob-url", url, "get", "media/cat.png", dir.resolve("gone").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).doesNotContain(":" + S3ProxyServers.CREDENTIAL + "@");
    }
}
