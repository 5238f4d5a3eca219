package io.ttsgateway.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.session.playout.PlayoutSettings;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.GatewayError;
import io.ttsgateway.session.protocol.ServerMessages.Status;
import io.ttsgateway.session.protocol.ServerMessages;
import io.ttsgateway.synthesis.AudioSource;
import io.ttsgateway.synthesis.Synthesizer;

/**
 * The requests of one session, answered in the order they were sent. The head request's audio
 * goes to the session's {@link Outbound} through a {@link Delivery} (waiting there for room); up to
 * {@code lookahead} requests behind it synthesize ahead into their buffers, so there is no gap
 * between them. One virtual delivery thread runs while there is work
 * and exits when the queue is empty, so idle connections cost no thread. A whole-text request that
 * reaches the head unstarted is the delivery thread's: it serves a cache hit itself, from the file
 * to the socket (no synthesis thread, no hand-over before the first byte), and starts the
 * synthesis of a miss.
 */
final class RequestQueue {

    private static final Logger LOGGER = Logger.getLogger(RequestQueue.class.getName());

    private final Synthesizer synthesizer;
    private final Outbound outbound;
    private final ServerMessages messages;
    private final GatewayMetrics metrics;
    private final Delivery delivery;
    private final int lookahead;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<SynthesisJob> queue = new ArrayDeque<>();
    private final Map<String, SynthesisJob> byId = new HashMap<>();
    private boolean delivering;
    private boolean closed;

    RequestQueue(Synthesizer synthesizer, Outbound outbound, ServerMessages messages, GatewayMetrics metrics,
                 int lookahead, Duration stallTimeout, PlayoutSettings playout) {
        this.synthesizer = synthesizer;
        this.outbound = outbound;
        this.messages = messages;
        this.metrics = metrics;
        this.delivery = new Delivery(outbound, messages, metrics, stallTimeout, playout);
        this.lookahead = lookahead;
    }

    /**
     * Whether a client id is in use by a request not yet answered.
     */
    boolean contains(String requestId) {
        return find(requestId) != null;
    }

    /**
     * The request with a client id, if it is queued or in flight.
     *
     * @param requestId the id
     * @return the request, or {@code null}
     */
    SynthesisJob find(String requestId) {
        lock.lock();
        try {
            return byId.get(requestId);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a request; its synthesis starts at once when it is within the lookahead window.
     *
     * @return false when the queue is closed (the session is ending)
     */
    boolean submit(SynthesisJob job) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            queue.add(job);
            if (job.requestId() != null) {
                byId.put(job.requestId(), job);
            }
            startWithinWindow();
            if (!delivering) {
                delivering = true;
                Thread.ofVirtual().name("tts-delivery").start(this::deliverAll);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels one request by id. An unknown id is ignored: the request may just have finished.
     */
    void cancel(String requestId) {
        SynthesisJob job = find(requestId);
        if (job != null) {
            outbound.cancel(List.of(job));
            job.stop();
        }
    }

    /**
     * Cancels every request queued or in flight.
     */
    void cancelAll() {
        List<SynthesisJob> jobs = snapshot();
        // All marked at once: no queued request can get its start between two cancels.
        outbound.cancel(jobs);
        jobs.forEach(SynthesisJob::stop);
    }

    /**
     * Stops everything without writing: the client is gone. Later submits are refused.
     */
    void close() {
        List<SynthesisJob> jobs;
        lock.lock();
        try {
            closed = true;
            jobs = new ArrayList<>(queue);
        } finally {
            lock.unlock();
        }
        jobs.forEach(SynthesisJob::stop);
    }

    /**
     * Waits until every queued request has been answered.
     *
     * @return true when the queue is empty
     */
    boolean awaitEmpty(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeoutNanos;
            // Not before the delivery thread is done: the last request's done goes out after its removal.
            while (!queue.isEmpty() || delivering) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = drained.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private List<SynthesisJob> snapshot() {
        lock.lock();
        try {
            return new ArrayList<>(queue);
        } finally {
            lock.unlock();
        }
    }

    /** Starts the syntheses within the lookahead window, but for a cacheable head (the delivery thread's). */
    private void startWithinWindow() {
        Iterator<SynthesisJob> jobs = queue.iterator();
        for (int i = 0; i <= lookahead && jobs.hasNext(); i++) {
            SynthesisJob job = jobs.next();
            if (i > 0 || !job.cacheable()) {
                startUnlessStarted(job);
            }
        }
    }

    /** Call under the lock. */
    private void startUnlessStarted(SynthesisJob job) {
        if (!job.started() && !job.isCancelled()) {
            job.start(synthesizer);
        }
    }

    private void deliverAll() {
        while (true) {
            SynthesisJob head;
            lock.lock();
            try {
                head = queue.peek();
                if (head == null) {
                    delivering = false;
                    drained.signalAll();
                    return;
                }
                startWithinWindow();
            } finally {
                lock.unlock();
            }
            Delivery.Outcome outcome;
            try {
                outcome = deliverHead(head);
            } catch (RuntimeException e) {
                // A bug here must not wedge the session: end this request as failed and go on.
                LOGGER.log(Level.WARNING, "Delivery failed unexpectedly", e);
                head.stop();
                outcome = new Delivery.Outcome(Status.FAILED, GatewayError.of(ErrorCode.SYNTHESIS_FAILED, "internal error"));
            }
            lock.lock();
            try {
                queue.poll();
                if (head.requestId() != null) {
                    // Freed before its done goes out: a client may reuse the id as soon as it reads the done.
                    byId.remove(head.requestId());
                }
            } finally {
                lock.unlock();
            }
            // The span, the metrics and the usage end before the done goes out: a client that reads the
            // done finds its trace complete and its request counted, and a shutdown right after loses none.
            head.trace().end(outcome.status().wire(),
                             outcome.error() == null ? null : outcome.error().code().wireName());
            metrics.requestFinished(outcome.status().wire(), head.source());
            head.meter().finished(head.source());
            outbound.text(messages.done(head.requestId(), outcome.status(), outcome.error(), head.fallbackFrom()));
        }
    }

    /** Serves a cache hit here, else delivers what the request's synthesis thread produces. */
    private Delivery.Outcome deliverHead(SynthesisJob head) {
        long servable = System.nanoTime(); // the lookup counts in the hit's first-byte time
        AudioSource hit = head.openCached(synthesizer);
        if (hit != null) {
            return delivery.deliverCached(head, hit, servable);
        }
        lock.lock();
        try {
            startUnlessStarted(head);
        } finally {
            lock.unlock();
        }
        return delivery.deliver(head);
    }
}
