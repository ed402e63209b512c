package dev.depot.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throwaway S3 servers for tests: <a href="https://github.com/gaul/s3proxy">s3proxy</a> with its
 * filesystem backend (jclouds {@code filesystem} provider in a folder of its own), run as a
 * separate JVM on a free loopback port.
 *
 * <p>s3proxy's class path is assembled at build time by the {@code depot-s3proxy} module into
 * {@code depot-s3proxy/target/s3proxy.classpath}; modules whose tests start s3proxy pass its
 * location in the system property {@value #CLASSPATH_PROPERTY}. It runs in its own JVM so its
 * many optional cloud dependencies (and its Jackson 3) never share the tests' class path. Its
 * logback configuration logs warnings only.
 *
 * <p>Credentials are {@value #IDENTITY} / {@value #CREDENTIAL}, signature V2 or V4, region
 * {@value #REGION}. {@link #shared()} is one server per JVM for tests that use buckets of their
 * own; {@link #start()} starts a private one, e.g. for fault tests that kill and restart it.
 * When s3proxy cannot start, {@code start} fails with its log: a test that needs it fails, it
 * never skips.
 */
public final class S3ProxyServers {
    /** The system property naming the file that holds s3proxy's class path. */
    public static final String CLASSPATH_PROPERTY = "depot.s3proxy.classpath";
    /** The access key id s3proxy accepts. */
    public static final String IDENTITY = "identity";
    /** The secret access key s3proxy accepts. */
    public static final String CREDENTIAL = "credential";
    public static final String REGION = "us-east-1";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private S3ProxyServers() {}

    /** One s3proxy shared by the whole JVM; use a bucket of your own ({@link S3Proxy#createBucket}). */
    public static S3Proxy shared() {
        return SharedServer.get("s3proxy", S3ProxyServers::start);
    }

    /** A new s3proxy with an empty data folder. */
    public static S3Proxy start() {
        return FreePorts.startOnAFreePort(S3ProxyServers::startOn);
    }

    private static S3Proxy startOn(int port) {
        Path dir = PostgresServers.newServerDir("s3proxy-" + port);
        Path data = dir.resolve(S3Proxy.DATA);
        Path properties = dir.resolve("s3proxy.properties");
        Path logback = dir.resolve("logback.xml");
        Path args = dir.resolve("java.args");
        try {
            Files.createDirectories(data);
            // The class path goes into an argument file, so commands in messages stay readable.
            Files.writeString(args, "-cp\n\"" + classPath() + "\"\n");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + IDENTITY,
                    "s3proxy.credential=" + CREDENTIAL,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
                    ""));
            // Warnings only, except Jetty's start line, which tells our s3proxy is listening.
            Files.writeString(logback, """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="org.gaul.shaded.org.eclipse.jetty.server.Server" level="INFO"/>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write s3proxy's files into " + dir, e);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx512m",
                "-Dlogback.configurationFile=" + logback.toAbsolutePath(),
                "@" + args.toAbsolutePath(), "org.gaul.s3proxy.Main", "--properties", properties.toAbsolutePath().toString());
        ServerProcess process = ServerProcess.builder("s3proxy", command)
                .directory(dir)
                .port(port)
                .readyLogLine("Started ogsoejs.Server@")
                .startTimeout(Duration.ofSeconds(60))
                .stopGrace(Duration.ofSeconds(5))
                .start();
        return new S3Proxy(process);
    }

    private static String classPath() {
        String file = System.getProperty(CLASSPATH_PROPERTY);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("system property " + CLASSPATH_PROPERTY + " is not set; it names the file "
                    + "depot-s3proxy/target/s3proxy.classpath that the depot-s3proxy module writes (build it with "
                    + "-am, and set the property in surefire's systemPropertyVariables)");
        }
        try {
            String cp = Files.readString(Path.of(file)).trim();
            if (cp.isEmpty()) {
                throw new IllegalStateException(file + " is empty; rebuild the depot-s3proxy module");
            }
            return cp;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read s3proxy's class path from " + file + " (" + e
                    + "); build the depot-s3proxy module first (-am)", e);
        }
    }

    /** One running s3proxy. Closing it stops the process. Thread-safe. */
    public static final class S3Proxy extends ServerHandle {
        /** The folder of the buckets, in the server's own folder. */
        static final String DATA = "data";

        S3Proxy(ServerProcess process) {
            super("s3proxy", process);
        }

        /** {@code http://127.0.0.1:PORT}. */
        public String endpoint() {
            return "http://" + host() + ":" + port();
        }

        /** The folder that holds the buckets (one folder each). */
        public Path dataDirectory() {
            return process().directory().resolve(DATA);
        }

        /**
         * {@code s3://identity:credential@BUCKET?endpoint=...&region=us-east-1} plus the given
         * parameters (values are percent-encoded).
         */
        public String url(String bucket, Map<String, String> params) {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("endpoint", endpoint());
            all.put("region", REGION);
            all.putAll(params);
            StringBuilder sb = new StringBuilder("s3://" + IDENTITY + ":" + CREDENTIAL + "@" + bucket);
            char sep = '?';
            for (Map.Entry<String, String> e : all.entrySet()) {
                sb.append(sep).append(e.getKey()).append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
                sep = '&';
            }
            return sb.toString();
        }

        public String url(String bucket) {
            return url(bucket, Map.of());
        }

        /**
         * Creates a bucket through the filesystem backend (a folder), which s3proxy serves at once.
         *
         * @return the bucket's name
         */
        public String createBucket(String bucket) {
            if (!bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("not a bucket name: " + bucket);
            }
            try {
                Files.createDirectories(dataDirectory().resolve(bucket));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create bucket folder " + bucket, e);
            }
            return bucket;
        }

        /** A new bucket with a unique name starting with {@code stem}. */
        public String newBucket(String stem) {
            return createBucket(stem.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-") + "-"
                    + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() & 0xffffff, 36));
        }

        /**
         * Runs the AWS CLI ({@code /usr/bin/aws} from Debian's {@code awscli}) against this server
         * with the given arguments and returns its output.
         *
         * @throws IllegalStateException when it is missing, fails or runs longer than {@code timeout}
         */
        public String aws(Duration timeout, String... args) {
            String aws = ServerProcess.requireExecutable("/usr/bin/aws", "awscli");
            List<String> cmd = new ArrayList<>(List.of(aws, "--endpoint-url", endpoint(), "--no-cli-pager"));
            cmd.addAll(List.of(args));
            return runWithEnvironment(cmd, timeout);
        }

        private String runWithEnvironment(List<String> cmd, Duration timeout) {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(process().directory().toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> env = pb.environment();
            env.put("AWS_ACCESS_KEY_ID", IDENTITY);
            env.put("AWS_SECRET_ACCESS_KEY", CREDENTIAL);
            env.put("AWS_DEFAULT_REGION", REGION);
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("AWS_CONFIG_FILE", "/dev/null");
            env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
            Path out = process().directory().resolve("aws-" + SEQUENCE.incrementAndGet() + ".out");
            pb.redirectOutput(out.toFile());
            try {
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("aws timed out after " + timeout + ": " + String.join(" ", cmd));
                }
                String text = Files.readString(out);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("exit code " + p.exitValue() + " from " + String.join(" ", cmd)
                            + ":\n" + text);
                }
                return text;
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running aws", e);
            } finally {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover output file in the server's folder is harmless
                }
            }
        }

        @Override
        public String toString() {
            return "s3proxy@" + endpoint();
        }
    }
}
