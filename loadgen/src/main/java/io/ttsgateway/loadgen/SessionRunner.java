package io.ttsgateway.loadgen;

import java.util.concurrent.TimeUnit;

/**
 * One session from start to finish: waits for its ramp slot, connects, runs its
 * {@link Exchange}, closes. Meant to run on its own virtual thread.
 */
public final class SessionRunner implements Runnable {

    private final int index;
    private final long startAt;
    private final Options options;
    private final Connector connector;
    private final RequestTexts texts;
    private final Results results;

    /**
     * Prepares a session.
     *
     * @param index     session number, from 1
     * @param startAt   nano time at which to connect
     * @param options   the run's options
     * @param connector opens the connection
     * @param texts     request texts
     * @param results   where outcomes go
     */
    public SessionRunner(int index, long startAt, Options options, Connector connector, RequestTexts texts,
                         Results results) {
        this.index = index;
        this.startAt = startAt;
        this.options = options;
        this.connector = connector;
        this.texts = texts;
        this.results = results;
    }

    @Override
    public void run() {
        Connection connection;
        try {
            long wait = startAt - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            connection = connector.open();
        } catch (Connector.ConnectFailure e) {
            notSent(e.reason());
            return;
        } catch (InterruptedException e) {
            notSent("interrupted");
            return;
        }
        results.sessionConnected();
        Exchange exchange = new Exchange(connection, options, texts, results, "s" + index);
        try {
            exchange.run();
            // Read before closing: our own close handshake would set an end reason too.
            String lost = connection.endReason();
            if (lost != null) {
                results.sessionLost(lost);
            }
        } catch (InterruptedException e) {
            exchange.abandon("interrupted");
        } catch (RuntimeException e) {
            // A bug here must not make requests vanish from the accounting.
            exchange.abandon("loadgen_error:" + e.getClass().getSimpleName());
            results.anomaly("loadgen_error:" + e.getClass().getSimpleName());
        } finally {
            connection.close();
        }
    }

    private void notSent(String reason) {
        long now = System.nanoTime();
        for (int i = 0; i < options.requests(); i++) {
            results.record(RequestResult.notSent(reason, now));
        }
    }
}
