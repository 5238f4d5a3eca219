package io.ttsgateway.deepgram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ConvertedAudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.link.LinkPool;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * One utterance, the segments of a streamed text or a single request, on one socket
 * ({@link DeepgramRoute}), the next segment possibly sent before the previous one's audio came. When
 * the socket has no room left in Deepgram's minute, the next segments go to another while it finishes
 * its own. A segment whose flush Deepgram refused anyway goes once more to another socket; refused
 * again, it fails as {@link ProviderErrorKind#RATE_LIMITED}. A segment stream closed before its end
 * cancels the utterance, like {@link #close()}.
 */
final class DeepgramUtterance implements Continuation {

    /** A closed utterance stays closed. */
    private enum State { OPEN, FINISHED, CLOSED }

    private final LinkPool<SocketSettings> pool;
    private final String model;
    private final ProviderTimeouts timeouts;
    /** Held while a segment is sent or a route started, so that each socket gets its segments in order. */
    private final ReentrantLock sending = new ReentrantLock();
    // Guarded by this.
    private State state = State.OPEN;
    private SocketSettings settings;
    /** Where the next segment goes, or null to start a route. */
    private DeepgramRoute current;
    private final List<DeepgramRoute> routes = new ArrayList<>();
    private final List<DeepgramSegment> segments = new ArrayList<>();

    /** {@code model} speaks the segments that name none. */
    DeepgramUtterance(LinkPool<SocketSettings> pool, String model, ProviderTimeouts timeouts) {
        this.pool = pool;
        this.model = model;
        this.timeouts = timeouts;
    }

    /** Sends the next segment, which must share the first one's voice, format and speed. */
    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        DeepgramSegment segment = add(SpeakRequest.of(request, model));
        try {
            send(segment);
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            // Settled, so that closing its stream cancels nothing.
            segment.inbox().fail(e instanceof ProviderException pe ? pe : new ProviderException(
                    ProviderErrorKind.UNAVAILABLE, DeepgramCodec.NAME + " segment not sent"));
            throw e;
        }
        if (Thread.currentThread().isInterrupted()) {
            segment.inbox().close();
            throw new InterruptedException("cancelled while sending the request to " + DeepgramCodec.NAME);
        }
        synchronized (this) {
            checkOpen();
        }
        return ConvertedAudioStream.of(segment.inbox(), request.format());
    }

    /** No segment follows: each socket is freed once its last segment is answered. */
    @Override
    public synchronized void finish() {
        if (state == State.OPEN) {
            state = State.FINISHED;
            routes.forEach(DeepgramRoute::release);
        }
    }

    /** Cancels the utterance; idempotent, any thread, does not wait. */
    @Override
    public void close() {
        cancel(null, null);
    }

    private synchronized DeepgramSegment add(SpeakRequest speak) throws ProviderException, InterruptedException {
        if (state == State.FINISHED) {
            throw new IllegalStateException("no segment may follow finish()");
        }
        checkOpen();
        if (settings != null && !settings.equals(speak.settings())) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, DeepgramCodec.NAME
                    + " speaks an utterance on one socket: every segment needs the same voice, format and speed");
        }
        settings = speak.settings();
        int order = segments.size();
        AudioInbox inbox = new AudioInbox(DeepgramCodec.NAME, settings.output().format(), timeouts, (box, ended) -> {
            if (!ended) { // the later segments could only be fragments now
                cancel(box, new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, DeepgramCodec.NAME
                        + " utterance cancelled: segment " + order + " was closed before its end"));
            }
        });
        DeepgramSegment segment = new DeepgramSegment(speak, inbox, new AtomicBoolean());
        segments.add(segment);
        return segment;
    }

    /** Deepgram refused a segment's flush: sent once more on a thread of its own (this is the reader). */
    private void refused(DeepgramSegment segment) {
        if (!segment.takeResend()) {
            segment.inbox().fail(DeepgramCodec.excessiveFlush());
            return;
        }
        Thread.ofVirtual().name("deepgram-resend").start(() -> {
            try {
                send(segment);
            } catch (ProviderException e) {
                segment.inbox().fail(e);
            } catch (InterruptedException e) {
                segment.inbox().close();
            }
        });
    }

    /** Sends a segment on the current route, or on a new one when that has no room. */
    private void send(DeepgramSegment segment) throws ProviderException, InterruptedException {
        sending.lockInterruptibly();
        try {
            DeepgramRoute route;
            synchronized (this) {
                if (state == State.CLOSED || segment.inbox().isDone()) {
                    return;
                }
                route = current;
            }
            if (route != null && route.offer(segment)) {
                return;
            } else if (route != null) {
                route.release(); // it finishes the segments it has, then frees its socket
            }
            route = new DeepgramRoute(this::refused);
            synchronized (this) {
                current = route;
                routes.add(route);
            }
            route.start(pool, segment);
            synchronized (this) {
                if (state == State.FINISHED) {
                    route.release();
                }
            }
        } finally {
            sending.unlock();
        }
    }

    /**
     * Cancels everything: the routes clear their sockets, then the segment streams end, or when one was
     * abandoned, the others fail (the abandoned one's reader may be blocked in a read that must end).
     */
    private synchronized void cancel(AudioInbox abandoned, ProviderException othersFail) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        current = null;
        routes.forEach(DeepgramRoute::cancel); // first, so that nothing more reaches the streams ended below
        for (DeepgramSegment segment : segments) {
            if (othersFail == null) {
                segment.inbox().close();
            } else if (segment.inbox() != abandoned && !segment.inbox().isDone()) {
                segment.inbox().fail(othersFail);
            }
        }
    }

    private void checkOpen() throws InterruptedException {
        if (state == State.CLOSED) {
            throw new InterruptedException(DeepgramCodec.NAME + " utterance closed");
        }
    }
}
