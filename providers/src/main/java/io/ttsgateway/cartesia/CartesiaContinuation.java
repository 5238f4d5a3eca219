package io.ttsgateway.cartesia;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * (Cartesia's continuations). Every input is written from the first segment's generation, as
 * Cartesia requires all fields but the transcript to stay; a segment asking for anything else is
 * refused. {@link #finish()} sends the final input, after which Cartesia ends the context with
 * {@code done}; {@link #close()} ends the streams and cancels it.
 *
 * <p>Cartesia expires a context 1 s after its last audio: a segment after every earlier one finished
 * and the context stayed quiet for {@link #CONTEXT_REUSE_LIMIT} goes to a new context, as does one
 * after the context ended. Segments a lost socket caught unanswered after it had served go to a new
 * context too (see {@link CartesiaContext}); any other failure fails the utterance.
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
    private final List<AudioStream> opened = new CopyOnWriteArrayList<>();
    /** Set by {@link #close()}, which never waits for the monitor: a sender may hold it for a connect. */
    private volatile boolean closed;
    private volatile CartesiaContext context;
    private CartesiaGeneration template;
    private boolean finished;

    CartesiaContinuation(LinkPool<String> pool, Checker checker, ProviderTimeouts timeouts) {
        this.pool = pool;
        this.checker = checker;
        this.timeouts = timeouts;
    }

    @Override
    public synchronized AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        CartesiaGeneration generation = checker.check(request);
        if (closed) {
            throw new InterruptedException("cartesia continuation closed");
        }
        if (finished) {
            throw new IllegalStateException("finish() was called: no segment may follow");
        }
        if (template != null && !template.sameContextAs(generation)) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, CartesiaProvider.NAME + " continues an"
                    + " utterance only with the voice, model, format and settings of its first segment");
        }
        template = template == null ? generation : template;
        CartesiaContext.Segment segment = new CartesiaContext.Segment(spaced(generation.transcript()), template,
                                                                      timeouts);
        CartesiaContext current = continuable();
        while (current != null && !current.send(segment)) {
            current = continuable(); // it ended meanwhile
        }
        if (current == null) {
            start(List.of(segment), false);
        }
        opened.add(segment.inbox());
        if (closed) { // close() ran meanwhile and may have missed both
            context.close();
            segment.inbox().close();
            throw new InterruptedException("cartesia continuation closed");
        }
        return segment.inbox();
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
    public synchronized void finish() {
        if (finished || closed) {
            return;
        }
        finished = true;
        CartesiaContext current = context;
        try {
            if (current != null && current.continuable(CONTEXT_REUSE_LIMIT.toNanos())) {
                current.send(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CartesiaContext current = context;
            if (current != null) {
                current.close();
            }
            opened.forEach(AudioStream::close);
        }
    }

    /**
     * The context the next segment continues, or {@code null} for a new one; sends the segments of a
     * lost context on a new one first, and throws the failure of an earlier segment.
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
        return current.continuable(CONTEXT_REUSE_LIMIT.toNanos()) ? current : null;
    }

    /** Sends a lost context's unanswered segments, and the final input if it was due, on a new context. */
    private synchronized boolean move(CartesiaContext lost) throws ProviderException, InterruptedException {
        List<CartesiaContext.Segment> unfinished = context == lost ? lost.takeUnfinished() : List.of();
        if (!unfinished.isEmpty()) {
            LOGGER.fine("Cartesia socket died before answering segments; sending them on a new context");
            start(unfinished, finished);
        }
        return !unfinished.isEmpty();
    }

    private void start(List<CartesiaContext.Segment> segments, boolean end)
            throws ProviderException, InterruptedException {
        context = new CartesiaContext(template, lost -> {
            try {
                move(lost);
            } catch (ProviderException | InterruptedException e) {
                LOGGER.fine(() -> "Cartesia segments not sent again: " + e.getMessage()); // they failed with it
            }
        });
        context.start(pool, segments, false, end);
        if (closed) {
            context.close();
        }
    }
}
