package dev.depot.redis.internal;

import dev.depot.spi.Backoff;
import dev.depot.spi.ChangeFeed;
import dev.depot.spi.ChangeKind;
import dev.depot.spi.ChangeSink;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis change feed: one pub/sub connection per store, subscribed to the prefix's channel
 * ({@link ChangeMessage#channel}), on which the announcing scripts publish (see
 * {@link ChangeAnnouncer}). Messages of this process's own origin are dropped on arrival.
 *
 * <p><b>Threads.</b> Lettuce hands messages over on its event loop; they go into a bounded queue
 * and one virtual thread of the feed calls the sink, in arrival order, which is Redis's
 * publishing order and so the commit order of each key. The same thread reports connection
 * changes through that queue, so a {@code connected()} never overtakes the messages before it.
 * When the queue is full (a sink that stalls), further messages are dropped and the sink hears
 * {@code disconnected("fell behind")} then {@code connected()}, so the core flushes its caches:
 * memory stays bounded and nothing is lost silently.
 *
 * <p><b>Connection loss.</b> Unlike the store's command connection, this one auto-reconnects:
 * a subscription has no command that could run twice, and Lettuce subscribes again after a
 * reconnect. The loss is reported once ({@code disconnected}); the reply to the new SUBSCRIBE
 * reports {@code connected}. Whatever was published in between is lost (pub/sub keeps nothing),
 * which is why the core flushes on {@code connected}. When Lettuce has not got back within a
 * backoff (1 s, doubling to 10 s) and the URL names several hosts (the seeds of a Cluster, whose
 * nodes all relay every {@code PUBLISH}), the feed closes the connection and opens a new one to
 * the next host; it does the same after a failed first connection, or a failed reopen. With one
 * host (a server, or the Sentinels, which Lettuce asks again on each reconnect) Lettuce's own
 * reconnect is left to it.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
final class RedisChangeFeed implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(RedisChangeFeed.class);
    /** Messages held for a slow sink before the feed drops and reports a gap. */
    static final int QUEUE_CAPACITY = 65_536;
    private static final Backoff REOPEN = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10));

    /** What the delivery thread hands to the sink, in order. */
    private sealed interface Event {}

    private record Change(String map, byte[] key, ChangeKind kind) implements Event {}

    private record Up() implements Event {}

    private record Down(String reason) implements Event {}

    private final RedisSettings settings;
    private final List<RedisURI> uris;
    private final byte[] channel;
    private final byte[] origin;
    private final String description;
    private final BlockingQueue<Event> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final CountDownLatch firstState = new CountDownLatch(1);
    private final RedisClient client;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private volatile boolean closed;
    private Thread delivery;
    private boolean resourcesHeld;

    RedisChangeFeed(RedisSettings settings, byte[] channel, String origin) {
        this(settings, channel, origin, QUEUE_CAPACITY);
    }

    /** @param capacity the delivery queue's size (small in a test of a stalled sink) */
    RedisChangeFeed(RedisSettings settings, byte[] channel, String origin, int capacity) {
        this.settings = settings;
        this.uris = RedisConnection.uris(settings);
        this.channel = channel;
        this.origin = origin.getBytes(StandardCharsets.UTF_8);
        this.description = settings.masked();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.client = RedisClient.create(SharedClientResources.acquire());
        this.resourcesHeld = true;
        client.setOptions(RedisConnection.clientOptions(settings).mutate()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.DEFAULT)
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> c) {
                if (!closed && c == connection) {
                    offerState(new Down("the change channel's connection to " + description + " was lost"));
                }
            }
        });
    }

    @Override
    public void start(ChangeSink sink) {
        synchronized (this) {
            if (delivery != null) {
                throw new IllegalStateException("the change feed of " + description + " is already started");
            }
            delivery = Thread.ofVirtual().name("depot-redis-changes").start(() -> deliver(sink));
        }
        open(0);
        try {
            // the first state (up, or down with the reason) reached the sink before start returns
            firstState.await(settings.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Connects to host {@code attempt % hosts} and subscribes; on failure reports the feed down. */
    private void open(int attempt) {
        RedisURI uri = uris.get(attempt % uris.size());
        StatefulRedisPubSubConnection<byte[], byte[]> c = null;
        try {
            c = client.connectPubSub(ByteArrayCodec.INSTANCE, uri);
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] ch, byte[] message) {
                    received(message);
                }

                @Override
                public void subscribed(byte[] ch, long count) {
                    // also after Lettuce subscribed again on a reconnect
                    offerState(new Up());
                }
            });
            connection = c;
            if (closed) {
                c.closeAsync();
                return;
            }
            c.sync().subscribe(channel);
        } catch (RuntimeException e) {
            if (c != null) {
                // a connection whose SUBSCRIBE failed would reconnect without subscribing again
                connection = null;
                c.closeAsync();
            }
            offerState(new Down("cannot listen for changes on " + description + " ("
                    + settings.scrub(RedisErrors.rootMessage(e)) + ")"));
        }
    }

    /** On Lettuce's event loop: hand a message of another process on, or count it dropped. */
    private void received(byte[] message) {
        // empty: the probe a store publishes when it turns announcing on (RedisStore.checkChannel)
        if (message.length == 0 || ChangeMessage.from(message, origin)) {
            return;
        }
        ChangeMessage m;
        try {
            m = ChangeMessage.decode(message);
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping a message on the change channel of {}: {}", description, e.getMessage());
            return;
        }
        if (m.kind() == ChangeKind.CLEAR) {
            offerChange(new Change(m.map(), null, ChangeKind.CLEAR));
        }
        for (byte[] k : m.keys()) {
            offerChange(new Change(m.map(), k, m.kind()));
        }
    }

    private void offerChange(Change c) {
        // once one change is dropped, drop the rest until the delivery thread has reported the gap,
        // or a later change could be taken for complete
        if (dropped.get() > 0 || !queue.offer(c)) {
            dropped.incrementAndGet();
        }
    }

    /** Connection states always get through: the delivery thread empties the queue in time. */
    private void offerState(Event e) {
        try {
            queue.put(e);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** The delivery thread: the only caller of the sink. */
    private void deliver(ChangeSink sink) {
        Boolean up = null;
        long downSince = 0;
        int reopens = 0;
        while (!closed) {
            Event e;
            try {
                e = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                return;
            }
            try {
                if (e instanceof Change c) {
                    sink.changed(c.map(), c.key(), c.kind());
                } else if (e instanceof Up && !Boolean.TRUE.equals(up)) {
                    up = true;
                    reopens = 0;
                    LOG.info("Listening for changes on {}", description);
                    sink.connected();
                    firstState.countDown();
                } else if (e instanceof Down d && !Boolean.FALSE.equals(up)) {
                    up = false;
                    downSince = System.nanoTime();
                    LOG.warn("{}; caches of shared maps fall back until it is back", d.reason());
                    sink.disconnected(d.reason());
                    firstState.countDown();
                } else if (e == null && dropped.get() > 0 && Boolean.TRUE.equals(up)) {
                    // the queue is empty again: report the gap, then accept changes again
                    String reason = "fell behind and dropped " + dropped.get() + " changes from " + description;
                    LOG.warn("The change feed {}", reason);
                    sink.disconnected(reason);
                    dropped.set(0);
                    sink.connected();
                } else if (e == null && Boolean.FALSE.equals(up) && (connection == null || uris.size() > 1)
                        && System.nanoTime() - downSince > REOPEN.delay(reopens + 1).toNanos()) {
                    // with one host, Lettuce's own reconnect (which asks the Sentinels again) is as good
                    // and quicker; reopening is for no connection at all, or another seed to try
                    reopens++;
                    downSince = System.nanoTime();
                    reopen(reopens);
                }
            } catch (RuntimeException ex) {
                LOG.warn("A change sink failed on {}: {}", description, ex.toString());
            }
        }
    }

    /** Lettuce did not get back in time: a fresh connection, to the next host. */
    private void reopen(int attempt) {
        StatefulRedisPubSubConnection<byte[], byte[]> old = connection;
        connection = null;
        if (old != null) {
            old.closeAsync();
        }
        LOG.debug("Opening a new change channel connection to {} (attempt {})", description, attempt);
        open(attempt);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        StatefulRedisPubSubConnection<byte[], byte[]> c = connection;
        connection = null;
        try {
            if (c != null) {
                c.close();
            }
            if (delivery != null) {
                delivery.interrupt();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            if (resourcesHeld) {
                resourcesHeld = false;
                SharedClientResources.release();
            }
        }
    }
}
