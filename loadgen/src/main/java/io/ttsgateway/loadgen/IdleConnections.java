package io.ttsgateway.loadgen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Connections that are opened before the run and send nothing, to measure what holding idle
 * sockets costs the server, and whether it keeps them (pings answered, no idle timeout).
 */
public final class IdleConnections implements AutoCloseable {

    /**
     * Handshakes in flight at once: enough to open thousands quickly, few enough that the
     * measurement is of holding sockets rather than of a connect storm.
     */
    static final int PARALLEL_HANDSHAKES = 64;

    private final int requested;
    private final List<Connection> opened;
    private final Map<String, Long> openFailures;

    private IdleConnections(int requested, List<Connection> opened, Map<String, Long> openFailures) {
        this.requested = requested;
        this.opened = opened;
        this.openFailures = openFailures;
    }

    /**
     * Opens the connections and returns once every attempt has succeeded or failed.
     *
     * @param connector opens connections
     * @param count     how many
     * @return the idle connections
     * @throws InterruptedException if the run is being stopped
     */
    public static IdleConnections open(Connector connector, int count) throws InterruptedException {
        List<Connection> opened = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> failures = Collections.synchronizedMap(new TreeMap<>());
        Semaphore handshakes = new Semaphore(PARALLEL_HANDSHAKES);
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofVirtual().name("idle-" + (i + 1)).start(() -> {
                try {
                    handshakes.acquire();
                    try {
                        opened.add(connector.open());
                    } finally {
                        handshakes.release();
                    }
                } catch (Connector.ConnectFailure e) {
                    failures.merge(e.reason(), 1L, Long::sum);
                } catch (InterruptedException e) {
                    failures.merge("interrupted", 1L, Long::sum);
                }
            }));
        }
        // Each attempt is bounded by the connect timeout; the batches bound the whole.
        long waves = (count + PARALLEL_HANDSHAKES - 1) / PARALLEL_HANDSHAKES;
        long deadline = System.nanoTime() + (waves + 1) * (Connector.CONNECT_TIMEOUT.toNanos() + 1_000_000_000L);
        Threads.joinUntil(threads, deadline);
        Threads.interruptAll(threads);
        Threads.joinUntil(threads, System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        return new IdleConnections(count, opened, failures);
    }

    /**
     * What became of the connections so far.
     *
     * @return counts and reasons
     */
    public IdleSummary snapshot() {
        Map<String, Long> ends = new TreeMap<>();
        int open = 0;
        synchronized (opened) {
            for (Connection connection : opened) {
                if (connection.isOpen()) {
                    open++;
                }
                String reason = connection.endReason();
                if (reason != null) {
                    ends.merge(reason, 1L, Long::sum);
                }
            }
        }
        Map<String, Long> failures;
        synchronized (openFailures) {
            failures = new TreeMap<>(openFailures);
        }
        return new IdleSummary(requested, opened.size(), open, failures, ends);
    }

    /** Closes every connection, in parallel and bounded, because each polite close may wait. */
    @Override
    public void close() {
        List<Connection> all;
        synchronized (opened) {
            all = new ArrayList<>(opened);
        }
        List<Thread> threads = new ArrayList<>(all.size());
        for (Connection connection : all) {
            threads.add(Thread.ofVirtual().start(connection::close));
        }
        try {
            Threads.joinUntil(threads, System.nanoTime() + Connection.CLOSE_TIMEOUT_NANOS * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
