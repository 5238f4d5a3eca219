package io.ttsgateway.cartesia;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.link.LinkPool;

/**
 * An utterance spoken from segments on one {@code context_id}, so that prosody carries across them
 * (Cartesia's continuations). Each segment is an input with {@code continue: true} and a manual flush,
 * so Cartesia speaks it now and ends its audio with {@code flush_done}; every input is written from
 * the first segment's generation, as Cartesia requires all fields but the transcript to stay, and a
 * segment asking for anything else is refused. {@link #finish()} sends the final input, after which
 * Cartesia ends the context with {@code done}; {@link #close()} ends the streams and cancels it.
 *
 * <p>Cartesia expires a context 1 s after its last audio: a segment after every earlier one finished
 * and the context stayed quiet for {@link #CONTEXT_REUSE_LIMIT} goes to a new context, as does one
 * after the context was lost. Segments a lost socket caught unanswered, after it had served, are sent
 * once more on a new context (see {@link CartesiaContext}); other failures fail the utterance.
 */
final class CartesiaContinuation implements Continuation {

    /** Longest quiet on a finished context before the next segment goes to a new one: half the expiry. */
    static final Duration CONTEXT_REUSE_LIMIT = Duration.ofMillis(500);
    private static final Logger LOGGER = Logger.getLogger(CartesiaContinuation.class.getName());

    /** Checks a segment and turns it into Cartesia's terms. */
    @FunctionalInterface
    interface Checker {
        CartesiaGeneration check(SynthesisRequest request) throws ProviderException;
    }

    private final LinkPool<String> pool;
    private final Checker checker;
    private final ProviderTimeouts timeouts;
    /** Serializes what is sent; never held by {@link #close()}. */
    private final ReentrantLock lock = new ReentrantLock();
    private final List<AudioStream> opened = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CartesiaContext context;
    private CartesiaGeneration template;
    private boolean finished;

    CartesiaContinuation(LinkPool<String> pool, Checker checker, ProviderTimeouts timeouts) {
        this.pool = pool;
        this.checker = checker;
        this.timeouts = timeouts;
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        CartesiaGeneration generation = checker.check(request);
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
                throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, CartesiaProvider.NAME + " continues an"
                        + " utterance only with the voice, model, format and settings of its first segment");
            }
            CartesiaContext.Segment segment = new CartesiaContext.Segment(spaced(generation.transcript()), template,
                                                                          timeouts);
            send(segment);
            opened.add(segment.inbox());
            if (closed.get()) {
                close(context, segment); // close() ran meanwhile and may have missed both
                throw closedException();
            }
            return segment.inbox();
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
            CartesiaContext current = context;
            if (current != null && current.idleFor(CONTEXT_REUSE_LIMIT.toNanos())) {
                current.close(); // its audio is all out and it may have expired: nothing left to end
            } else if (current != null) {
                current.end();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            close(context, null);
            opened.forEach(AudioStream::close);
        }
    }

    /** Sends a segment on the current context, or on a new one when there is none to continue. */
    private void send(CartesiaContext.Segment segment) throws ProviderException, InterruptedException {
        while (true) {
            CartesiaContext current = continuable();
            if (current == null) {
                context = new CartesiaContext(template, this::moved);
                context.start(pool, List.of(segment), false, false);
                return;
            }
            if (current.add(segment)) {
                return;
            }
        }
    }

    /**
     * The context the next segment continues, or {@code null} for a new one; moves the segments of a
     * lost context first, and throws the failure of an earlier segment.
     */
    private CartesiaContext continuable() throws ProviderException, InterruptedException {
        CartesiaContext current = context;
        if (current == null || move(current)) {
            return context;
        }
        ProviderException failure = current.failure();
        if (failure != null) {
            throw new ProviderException(failure.kind(), failure.providerStatus(), failure.getMessage(), failure);
        }
        if (current.idleFor(CONTEXT_REUSE_LIMIT.toNanos())) {
            LOGGER.fine("Cartesia context quiet past its expiry margin; continuing on a new context");
            current.close();
            return null;
        }
        return current.takesInput() ? current : null;
    }

    /** A context was lost with segments that may be sent again; on a thread of its own. */
    private void moved(CartesiaContext lost) {
        try {
            if (lock.tryLock(timeouts.connect().plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    move(lost);
                } finally {
                    lock.unlock();
                }
            }
        } catch (ProviderException | InterruptedException e) {
            LOGGER.fine(() -> "Cartesia segments not sent again: " + e.getMessage());
        }
    }

    /** Sends a lost context's unanswered segments, and the final input if it was due, on a new one. */
    private boolean move(CartesiaContext lost) throws ProviderException, InterruptedException {
        List<CartesiaContext.Segment> unfinished = context == lost ? lost.takeUnfinished() : List.of();
        if (unfinished.isEmpty()) {
            return false;
        }
        LOGGER.fine("Cartesia socket died before answering segments; sending them once more on a new context");
        context = new CartesiaContext(template, this::moved);
        context.start(pool, unfinished, false, finished);
        if (closed.get()) {
            context.close();
        }
        return true;
    }

    private static void close(CartesiaContext context, CartesiaContext.Segment segment) {
        if (context != null) {
            context.close();
        }
        if (segment != null) {
            segment.inbox().close();
        }
    }

    private static InterruptedException closedException() {
        return new InterruptedException("cartesia continuation closed");
    }
}
