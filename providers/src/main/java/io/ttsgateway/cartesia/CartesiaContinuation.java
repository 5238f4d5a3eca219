package io.ttsgateway.cartesia;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * An utterance spoken by Cartesia from segments of text, all on one {@code context_id} so that
 * prosody carries across them (Cartesia's continuations).
 *
 * <p>Each {@link #open(SynthesisRequest) segment} is sent as an input with {@code continue: true},
 * followed at once by a manual flush ({@code transcript ""}, {@code continue: true},
 * {@code flush: true}), so Cartesia generates it now instead of waiting for more text, and ends its
 * audio with {@code flush_done}: that ends the segment's stream. All inputs of the context are built
 * from the first segment's request, as Cartesia requires every field but the transcript to stay the
 * same; a segment asking for another voice, model, format or setting is refused. Segments are sent
 * verbatim, so the caller keeps the whitespace between them. {@link #finish()} sends the final input
 * ({@code transcript ""}, {@code continue: false}), after which Cartesia ends the context with
 * {@code done}; {@link #close()} ends every segment stream and sends {@code cancel}. How audio,
 * {@code flush_id}s and word timestamps map onto segments is described in
 * {@link CartesiaContinuationContext}.
 *
 * <p>Cartesia expires a context 1 s after its last audio. A segment that comes after every earlier
 * one finished and the context stayed quiet for {@link #CONTEXT_REUSE_LIMIT} therefore opens a new
 * context (the old one is cancelled), as does a segment after the socket under an idle context was
 * lost: across such a pause, continuity of prosody matters less than not sending into an expired
 * context.
 *
 * <p>Timeouts: each segment's first-byte clock starts when it is sent, and Cartesia generates a
 * context's segments one after another, so a segment sent while the one before it is still being
 * generated waits for that too (generation runs well ahead of playback, seconds at most).
 *
 * <p>Retries: when the socket dies under segments none of whose audio had arrived, and it had served
 * before them (it was reused, or earlier segments finished on it), an idle close most likely crossed
 * them, as it can cross a single request: they are sent once more, on a new context on a fresh
 * socket, and their streams read from there. Anything else that fails a segment fails the utterance.
 */
final class CartesiaContinuation implements Continuation {

    /**
     * Longest quiet on a context whose segments all finished before a new segment goes to a fresh
     * context: half of Cartesia's documented 1 s expiry, leaving the rest for the trip there.
     */
    static final Duration CONTEXT_REUSE_LIMIT = Duration.ofMillis(500);
    private static final Logger LOGGER = Logger.getLogger(CartesiaContinuation.class.getName());

    private final CartesiaSession session;
    private final CartesiaProvider provider;
    /** Serializes what is sent (segments, the final input, a resend); never held by close(). */
    private final ReentrantLock lock = new ReentrantLock();
    private final List<CartesiaSegment> opened = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CartesiaContinuationContext context;
    private CartesiaGeneration template;
    private boolean finished;

    /**
     * Creates a continuation; nothing is sent before its first segment.
     *
     * @param session  the session whose socket it uses
     * @param provider the provider, which checks each segment
     */
    CartesiaContinuation(CartesiaSession session, CartesiaProvider provider) {
        this.session = session;
        this.provider = provider;
    }

    /**
     * Sends the next segment on the utterance's context (opening one for the first segment).
     *
     * @throws ProviderException     {@code INVALID_REQUEST} when the segment cannot be spoken or
     *                               differs from the first in anything but its text; the failure
     *                               of an earlier segment, which ended the utterance; or
     *                               {@code UNAVAILABLE} when it could not be sent
     * @throws InterruptedException  when interrupted, or after {@link #close()}
     * @throws IllegalStateException after {@link #finish()}
     */
    @Override
    public AudioStream open(SynthesisRequest segment) throws ProviderException, InterruptedException {
        CartesiaGeneration generation = provider.generation(segment);
        lock.lockInterruptibly();
        try {
            if (closed.get()) {
                throw closedException();
            }
            if (finished) {
                throw new IllegalStateException("finish() was called: no segment may follow");
            }
            if (template == null) {
                template = generation;
            } else if (!template.sameContextAs(generation)) {
                throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, CartesiaProvider.NAME
                        + " continues an utterance only with the voice, model, format and settings of its first"
                        + " segment");
            }
            CartesiaSegment stream = new CartesiaSegment(this, generation.output().format());
            send(stream, spaced(generation.transcript()));
            opened.add(stream);
            if (closed.get()) {
                // close() ran meanwhile and may have missed the new stream or context.
                stream.close();
                CartesiaContinuationContext now = context;
                if (now != null) {
                    now.close();
                }
                throw closedException();
            }
            return stream;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cartesia joins a context's transcripts verbatim, and the gateway's segments are trimmed: a
     * trailing space keeps the last word of one segment from running into the first of the next.
     */
    static String spaced(String transcript) {
        return transcript.isEmpty() || Character.isWhitespace(transcript.charAt(transcript.length() - 1))
                ? transcript : transcript + " ";
    }

    @Override
    public void finish() {
        lock.lock();
        try {
            if (finished || closed.get()) {
                return;
            }
            finished = true;
            CartesiaContinuationContext current = context;
            if (current == null || current.isGone()) {
                return;
            }
            if (current.idleFor(CONTEXT_REUSE_LIMIT.toNanos())) {
                // Its audio is all out and it may have expired: nothing to end but the context itself.
                current.retire();
            } else {
                current.end();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CartesiaContinuationContext current = context;
        if (current != null) {
            current.close();
        }
        for (CartesiaSegment stream : opened) {
            stream.close();
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    boolean isClosed() {
        return closed.get();
    }

    /**
     * Sends the unfinished segments once more, on a new context on a fresh socket, when the context
     * a segment's reader failed on {@link CartesiaContinuationContext#retryable() allows it}. Called
     * by the reader of a segment whose read failed.
     *
     * @param failed the context the reader read from
     * @return true when the segments now read from a new context
     * @throws ProviderException    when the fresh socket could not take them
     * @throws InterruptedException when interrupted while connecting
     */
    boolean resend(CartesiaContinuationContext failed) throws ProviderException, InterruptedException {
        lock.lockInterruptibly();
        try {
            if (closed.get() || context != failed || !failed.retryable()) {
                return false;
            }
            resendLocked(failed);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Sends a segment on the current context, or on a new one when there is none to continue. */
    private void send(CartesiaSegment stream, String text) throws ProviderException, InterruptedException {
        CartesiaContinuationContext current = continuable();
        if (current == null) {
            CartesiaContinuationContext.Pending first = new CartesiaContinuationContext.Pending(stream, text);
            context = session.onSocket((connection, reused) -> CartesiaContinuationContext.start(
                    this, connection, reused, template, List.of(first), false));
            return;
        }
        try {
            current.add(stream, text);
        } catch (ProviderException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("cancelled while sending to " + CartesiaProvider.NAME);
            }
            if (!current.retryable()) {
                throw e;
            }
            resendLocked(current); // includes this segment
        }
    }

    /**
     * The context the next segment continues, or {@code null} for a new one. Throws the failure of
     * an earlier segment, unless the context may be sent again.
     */
    private CartesiaContinuationContext continuable() throws ProviderException, InterruptedException {
        CartesiaContinuationContext current = context;
        if (current == null) {
            return null;
        }
        ProviderException failure = current.failure();
        if (failure != null) {
            if (current.retryable()) {
                resendLocked(current);
                return context;
            }
            throw new ProviderException(failure.kind(), failure.providerStatus(), failure.getMessage(), failure);
        }
        if (current.isGone()) {
            return null;
        }
        if (current.idleFor(CONTEXT_REUSE_LIMIT.toNanos())) {
            LOGGER.fine("Cartesia context quiet past its expiry margin; continuing on a new context");
            current.retire();
            return null;
        }
        return current;
    }

    /**
     * Sends the unfinished segments of a dead context, and the final input if it was due, on a new
     * context on a fresh socket. The fresh socket is not reused, so the segments it carries are not
     * sent a third time should it die before answering them too.
     */
    private void resendLocked(CartesiaContinuationContext dead) throws ProviderException, InterruptedException {
        LOGGER.fine("Cartesia socket died before answering segments; sending them once more on a new socket");
        List<CartesiaContinuationContext.Pending> pending = dead.unfinished();
        boolean end = finished;
        CartesiaContinuationContext fresh = session.onFreshSocket(dead.connection(), (connection, reused) ->
                CartesiaContinuationContext.start(this, connection, reused, template, pending, end));
        context = fresh;
        if (closed.get()) {
            fresh.close();
        }
    }

    private static InterruptedException closedException() {
        return new InterruptedException("cartesia continuation closed");
    }
}
