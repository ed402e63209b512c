package dev.depot.media;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A web server on a free loopback port (the JDK's com.sun.net.httpserver) that plays the remote
 * server of remote media: files with the content type it is told (true or not), redirects, 404s,
 * endless bodies and bodies that pause. Counts the body bytes it managed to send.
 */
final class RemoteFiles implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final AtomicLong bytesSent = new AtomicLong();

    /** What the server answers for one path. */
    private interface Answer {
        void send(HttpExchange exchange) throws IOException;
    }

    RemoteFiles() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                Answer answer = answers.get(exchange.getRequestURI().getPath());
                if (answer == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    answer.send(exchange);
                }
            } catch (IOException e) {
                // the client hung up: what the size and deadline tests expect
            }
        });
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + path);
    }

    /** {@code bytes} at {@code path}, declared as {@code contentType} with their length. */
    RemoteFiles file(String path, String contentType, byte[] bytes) {
        answers.put(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.length);
            write(exchange.getResponseBody(), bytes);
        });
        return this;
    }

    /** A 302 from {@code path} to {@code location}. */
    RemoteFiles redirect(String path, String location) {
        answers.put(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        });
        return this;
    }

    /** {@code head} then zeros up to {@code total} bytes, chunked (no length declared). */
    RemoteFiles endless(String path, byte[] head, long total) {
        answers.put(path, exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            write(out, head);
            byte[] zeros = new byte[16 * 1024];
            for (long sent = head.length; sent < total; sent += zeros.length) {
                write(out, zeros);
            }
        });
        return this;
    }

    /** A declared length of {@code declared} bytes, of which only {@code head} is sent. */
    RemoteFiles declaring(String path, byte[] head, long declared) {
        answers.put(path, exchange -> {
            exchange.sendResponseHeaders(200, declared);
            write(exchange.getResponseBody(), head);
        });
        return this;
    }

    /** The first half of {@code bytes}, a pause of {@code pauseMillis}, then the rest. */
    RemoteFiles pausing(String path, byte[] bytes, long pauseMillis) {
        answers.put(path, exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            OutputStream out = exchange.getResponseBody();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
        });
        return this;
    }

    private void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        bytesSent.addAndGet(bytes.length);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
