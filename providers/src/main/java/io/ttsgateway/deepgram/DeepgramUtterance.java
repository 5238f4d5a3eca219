package io.ttsgateway.deepgram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ConvertedAudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * One utterance on Deepgram's socket: the segments of a streamed text, or a single request (an
 * utterance of one segment). The utterance holds one socket of its session for its whole life; each
 * segment is a {@code Speak} (several for a text over {@value SpeakSplitter#MAX_SPEAK_CHARS}
 * characters) and a {@code Flush}, and its stream ends at that flush's {@code Flushed}. A segment may
 * be sent before the previous one's audio has arrived: the socket hands audio to its segments in the
 * order they were flushed.
 *
 * <p>{@link #finish()} gives the socket back to the session's pool once every segment is answered.
 * {@link #close()} cancels: {@code Clear} on the socket (reused after {@code Cleared}, or closed),
 * and every segment stream not yet read to its end ends at once. A segment stream its reader closes
 * before its end (a cancel, a timeout) cancels the utterance the same way, and the later segments'
 * streams fail.
 *
 * <p>A socket takes 20 flushes and 2400 characters a minute ({@link SendBudget}). When the socket
 * has no room left for the next segment, that segment and the following ones go to another socket of
 * the session (taken from the pool or opened), while the first socket finishes the segments it has;
 * so a long streamed answer is not cut by Deepgram's throughput limit ({@code DATA-0001}).
 *
 * <p>Two things send a segment once more, on another socket, and its stream still gets exactly that
 * segment's audio, only later: Deepgram refusing its flush anyway ({@code EXCESSIVE_FLUSH}; refused a
 * second time, the segment fails with {@link ProviderErrorKind#RATE_LIMITED}), and a reused socket
 * found dead before Deepgram answered any of its segments. The warning names no segment; it is taken
 * for the newest unanswered one (see {@link DeepgramConnection}), which is right unless an older flush
 * was refused and a newer one accepted within the same moments, the window having just moved on.
 *
 * <p>Each segment's first-byte clock starts when it is opened. Deepgram speaks flushes one after the
 * other, so a segment sent ahead waits for the previous segment's synthesis too; that is well within
 * the first-byte timeout for segments of sentence size, since Deepgram synthesizes much faster than
 * real time.
 */
final class DeepgramUtterance implements Continuation {

    /** Sockets tried for one segment: the held one, then ones from the pool or new. */
    private static final int MAX_SEND_ATTEMPTS = 3;
    private static final Logger LOGGER = Logger.getLogger(DeepgramUtterance.class.getName());

    private final DeepgramSession session;
    private final DeepgramProvider provider;
    private final AtomicInteger opened = new AtomicInteger();
    /** Held while segments are sent and sockets changed, so that each socket gets segments in order. */
    private final ReentrantLock sending = new ReentrantLock();
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private SocketSettings settings;
    /** Where the next segment goes, or {@code null} to take a socket from the session. */
    private DeepgramConnection carrier;
    /** Every socket that carried a segment: cancelled or released with the utterance. */
    private final Set<DeepgramConnection> carriers = new LinkedHashSet<>();
    private final List<DeepgramRequest> segments = new ArrayList<>();
    private final PriorityQueue<DeepgramRequest> resends = new PriorityQueue<>(
            Comparator.comparingInt(DeepgramRequest::order));
    private Future<?> resendTask;
    private boolean closed;
    private volatile boolean finished;

    /**
     * Creates an utterance; it takes a socket at its first segment.
     *
     * @param session  the session whose sockets it uses
     * @param provider the provider: request preparation, executor
     */
    DeepgramUtterance(DeepgramSession session, DeepgramProvider provider) {
        this.session = session;
        this.provider = provider;
    }

    /**
     * Sends the next segment on the utterance's socket.
     *
     * @throws ProviderException    {@link ProviderErrorKind#INVALID_REQUEST} when the segment cannot be
     *                              spoken or differs from the first in voice, format or speed; others
     *                              when no socket could be opened
     * @throws InterruptedException when interrupted, or when the utterance was closed
     * @throws IllegalStateException after {@link #finish()}
     */
    @Override
    public AudioStream open(SynthesisRequest segment) throws ProviderException, InterruptedException {
        DeepgramRequest request = provider.prepare(segment, this, opened.getAndIncrement());
        lock.lock();
        try {
            if (closed) {
                throw new InterruptedException(DeepgramProvider.NAME + " utterance closed");
            }
            if (finished) {
                throw new IllegalStateException("no segment may follow finish()");
            }
            if (settings == null) {
                settings = request.settings();
            } else if (!settings.equals(request.settings())) {
                throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, DeepgramProvider.NAME
                        + " speaks an utterance on one socket: every segment needs the same voice, format and speed");
            }
            segments.add(request);
        } finally {
            lock.unlock();
        }
        try {
            sending.lockInterruptibly();
            try {
                sendResends();
                deliver(request);
            } finally {
                unlockSending();
            }
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            // Nothing was sent for it: settled, so that no cancel follows from it.
            request.inbox().fail(e instanceof ProviderException pe ? pe : new ProviderException(
                    ProviderErrorKind.UNAVAILABLE, DeepgramProvider.NAME + " segment not sent"));
            forget(request);
            throw e;
        }
        if (Thread.currentThread().isInterrupted()) {
            // Closing the unfinished stream cancels the utterance at Deepgram.
            request.inbox().close();
            throw new InterruptedException("cancelled while sending the request to " + DeepgramProvider.NAME);
        }
        if (isClosed()) {
            // close() came while it was sent, and has ended its stream.
            throw new InterruptedException(DeepgramProvider.NAME + " utterance closed");
        }
        return ConvertedAudioStream.of(request.inbox(), segment.format());
    }

    /**
     * No segment follows: each socket goes back to the session once its last segment is answered.
     */
    @Override
    public void finish() {
        lock.lock();
        try {
            if (closed || finished) {
                return;
            }
            finished = true;
        } finally {
            lock.unlock();
        }
        // A send in progress releases the sockets when it is done (see unlockSending).
        if (sending.tryLock()) {
            try {
                releaseCarriers();
            } finally {
                sending.unlock();
            }
        }
    }

    /**
     * Cancels the utterance: {@code Clear} on every socket with a segment in flight, and every segment
     * stream ends (a blocked read returns {@code null}). Idempotent, any thread, does not wait.
     */
    @Override
    public void close() {
        cancel(null, null);
    }

    /**
     * A segment's stream was closed by its reader before its end: the utterance is cancelled at
     * Deepgram, and the other segments' streams fail (their audio could only be a fragment).
     *
     * @param request the segment
     */
    void abandoned(DeepgramRequest request) {
        cancel(request, new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, DeepgramProvider.NAME
                + " utterance cancelled: segment " + request.order() + " was closed before its end"));
    }

    /**
     * The socket closed (or failed) while it carried segments of this utterance. Called by the
     * socket's reader.
     *
     * @param connection the socket
     * @param requests   the segments it had not finished, oldest first; may be empty
     * @param error      what they fail with
     * @param stale      whether Deepgram answered none of them on a socket that had worked, so that
     *                   sending them again on another socket cannot repeat any audio
     */
    void lost(DeepgramConnection connection, List<DeepgramRequest> requests, ProviderException error,
              boolean stale) {
        List<DeepgramRequest> failed = new ArrayList<>();
        lock.lock();
        try {
            carriers.remove(connection);
            if (carrier == connection) {
                carrier = null;
            }
            if (closed) {
                return;
            }
            for (DeepgramRequest request : requests) {
                if (stale && request.takeRetry()) {
                    resends.add(request);
                } else {
                    failed.add(request);
                }
            }
            failed.addAll(scheduleResends());
        } finally {
            lock.unlock();
        }
        if (stale && failed.size() < requests.size()) {
            LOGGER.fine(() -> "Reused Deepgram socket was dead before it answered; sending "
                    + (requests.size() - failed.size()) + " segment(s) once more on another socket");
        }
        failed.forEach(request -> request.inbox().fail(error));
    }

    /**
     * Deepgram refused a segment's flush ({@code EXCESSIVE_FLUSH}): it is sent once more on another
     * socket, or fails as rate limited when it was refused before. Called by the socket's reader.
     *
     * @param request the refused segment
     */
    void refused(DeepgramRequest request) {
        List<DeepgramRequest> failed = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (request.takeRetry()) {
                resends.add(request);
                failed.addAll(scheduleResends());
            } else {
                failed.add(request);
            }
        } finally {
            lock.unlock();
        }
        failed.forEach(r -> r.inbox().fail(DeepgramErrors.excessiveFlush()));
    }

    /**
     * Never prints text.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "DeepgramUtterance[" + settings + ", segments=" + opened.get() + "]";
    }

    /**
     * Sends a segment on the held socket, or on another one when that has no flush left or closed.
     * With {@link #sending} held.
     */
    private void deliver(DeepgramRequest request) throws ProviderException, InterruptedException {
        long waitUntil = System.nanoTime() + DeepgramSession.CLEARED_WAIT.toNanos();
        for (int attempt = 0; attempt < MAX_SEND_ATTEMPTS; attempt++) {
            DeepgramConnection target;
            lock.lock();
            try {
                if (closed) {
                    // close() ended the segment's stream.
                    return;
                }
                target = carrier;
            } finally {
                lock.unlock();
            }
            if (target == null) {
                target = session.acquire(request.settings(), request.length(), this, waitUntil);
                if (!adopt(target)) {
                    return;
                }
            }
            switch (target.send(request)) {
                case SENT -> {
                    return;
                }
                case NO_BUDGET -> {
                    // It finishes the segments it has, then goes back to the session.
                    target.release(this);
                    drop(target);
                }
                case NOT_HELD -> drop(target);
                default -> throw new IllegalStateException("unknown send outcome");
            }
        }
        throw new ProviderException(ProviderErrorKind.UNAVAILABLE,
                                    DeepgramProvider.NAME + " closed the connection as soon as it was opened");
    }

    /** Sends the segments waiting to be sent again, in order. With {@link #sending} held. */
    private void sendResends() throws InterruptedException {
        while (true) {
            DeepgramRequest next;
            lock.lock();
            try {
                next = closed ? null : resends.poll();
                if (next == null) {
                    resendTask = null;
                    return;
                }
            } finally {
                lock.unlock();
            }
            if (next.inbox().isDone()) {
                continue;
            }
            try {
                deliver(next);
            } catch (ProviderException e) {
                next.inbox().fail(e);
            } catch (InterruptedException e) {
                lock.lock();
                try {
                    resends.add(next);
                } finally {
                    lock.unlock();
                }
                throw e;
            }
        }
    }

    /** With the lock held: starts sending the waiting segments again; returns those it cannot. */
    private List<DeepgramRequest> scheduleResends() {
        if (resendTask != null || resends.isEmpty()) {
            return List.of();
        }
        try {
            resendTask = provider.executor().submit(this::runResends);
            return List.of();
        } catch (RejectedExecutionException e) {
            // The provider is closing.
            List<DeepgramRequest> all = new ArrayList<>(resends);
            resends.clear();
            return all;
        }
    }

    private void runResends() {
        try {
            sending.lockInterruptibly();
        } catch (InterruptedException e) {
            // close() stopped it.
            return;
        }
        try {
            sendResends();
        } catch (InterruptedException e) {
            // close() stopped it; the segments' streams are closed.
        } finally {
            unlockSending();
        }
    }

    /** Makes a socket just taken from the session the one segments go to; false (and gives it back) when closed. */
    private boolean adopt(DeepgramConnection connection) {
        lock.lock();
        try {
            if (!closed) {
                carrier = connection;
                carriers.add(connection);
                return true;
            }
        } finally {
            lock.unlock();
        }
        connection.cancel(this);
        return false;
    }

    /** The socket takes no more segments; it stays known until it is cancelled or done. */
    private void drop(DeepgramConnection connection) {
        lock.lock();
        try {
            if (carrier == connection) {
                carrier = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void forget(DeepgramRequest request) {
        lock.lock();
        try {
            segments.remove(request);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Unlocks {@link #sending}; when {@link #finish()} came meanwhile and could not release the
     * sockets itself, releases them.
     */
    private void unlockSending() {
        sending.unlock();
        if (finished && sending.tryLock()) {
            try {
                releaseCarriers();
            } finally {
                sending.unlock();
            }
        }
    }

    /** With {@link #sending} held, after finish: every socket goes back once its segments are answered. */
    private void releaseCarriers() {
        List<DeepgramConnection> held;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            held = new ArrayList<>(carriers);
        } finally {
            lock.unlock();
        }
        held.forEach(connection -> connection.release(this));
    }

    /**
     * Cancels everything. The segment streams end, or, when one was abandoned, the others still open
     * fail (the abandoned one is left alone: its reader may be blocked in a read that must now end,
     * not throw).
     */
    private void cancel(DeepgramRequest abandoned, ProviderException othersFail) {
        List<DeepgramConnection> held;
        List<DeepgramRequest> open;
        Future<?> task;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            held = new ArrayList<>(carriers);
            carriers.clear();
            carrier = null;
            open = new ArrayList<>(segments);
            segments.clear();
            resends.clear();
            task = resendTask;
            resendTask = null;
        } finally {
            lock.unlock();
        }
        // Sockets first, so that nothing more is pushed to the streams ended below.
        held.forEach(connection -> connection.cancel(this));
        if (task != null) {
            // Interrupts a reconnect in progress; a socket that connects anyway is given back unused.
            task.cancel(true);
        }
        for (DeepgramRequest request : open) {
            if (othersFail == null) {
                request.inbox().close();
            } else if (request != abandoned && !request.inbox().isDone()) {
                request.inbox().fail(othersFail);
            }
        }
    }
}
