package io.ttsgateway.cartesia;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Logger;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.link.Call;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.LinkPool;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * An utterance spoken from segments on one {@link CartesiaContext} at a time, so prosody carries across
 * them: each segment an input and a manual flush, written from the first segment's generation (Cartesia
 * wants every field but the transcript to stay). A whole request is one segment sent as the final input.
 * A segment after {@link CartesiaContext#REUSE_LIMIT} of quiet with all before it finished goes to a new
 * context. A segment closed before its audio ended gives the utterance up. Segments a socket lost without
 * audio, after earlier ones finished on it (it likely died idle), go once more on a new context.
 */
final class CartesiaContinuation implements Continuation {

    /** The pool's only key: a session's sockets are all alike. */
    static final String KEY = CartesiaCodec.NAME;
    private static final Logger LOGGER = Logger.getLogger(CartesiaContinuation.class.getName());

    /** Checks a segment and turns it into Cartesia's terms. */
    interface Checker {
        CartesiaGeneration check(SynthesisRequest request) throws ProviderException;
    }

    private final LinkPool<String> pool;
    private final Checker checker;
    private final ProviderTimeouts timeouts;
    /** Orders what is sent, held across a connect; never taken by a socket's reader. */
    private final ReentrantLock sending = new ReentrantLock();
    private final List<AudioStream> opened = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    /** The current context ({@code null} before the first), written under the monitor like what follows. */
    private volatile CartesiaContext context;
    /** Movable: the context was lost and its segments may go on a new one. */
    private ProviderException failure;
    private boolean movable;
    private CartesiaGeneration template;
    private boolean finished;

    CartesiaContinuation(LinkPool<String> pool, Checker checker, ProviderTimeouts timeouts) {
        this.pool = pool;
        this.checker = checker;
        this.timeouts = timeouts;
    }

    /** A whole request: one segment, sent as the final input of a context of its own. */
    static AudioStream whole(LinkPool<String> pool, CartesiaGeneration generation, ProviderTimeouts timeouts)
            throws ProviderException, InterruptedException {
        CartesiaContinuation utterance = new CartesiaContinuation(pool, request -> generation, timeouts);
        utterance.template = generation;
        return utterance.send(utterance.segment(generation.transcript()), true).inbox();
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        CartesiaGeneration generation = checker.check(request);
        sending.lockInterruptibly();
        try {
            synchronized (this) {
                if (finished && !closed) {
                    throw new IllegalStateException("finish() was called: no segment may follow");
                }
                if (template != null && !template.sameContextAs(generation)) {
                    throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, CartesiaCodec.NAME + " continues"
                            + " an utterance only with the voice, model, format and settings of its first segment");
                }
                template = template == null ? generation : template;
            }
            CartesiaTimeline.Segment segment = segment(spaced(generation.transcript()));
            if (!closed) {
                send(segment, false);
            }
            if (closed) { // close() may have run meanwhile and missed it
                segment.inbox().close();
                throw new InterruptedException("cartesia continuation closed");
            }
            return segment.inbox();
        } finally {
            sending.unlock();
        }
    }

    /** Cartesia joins transcripts verbatim and segments come trimmed: a space keeps words of two apart. */
    static String spaced(String transcript) {
        return transcript.isEmpty() || Character.isWhitespace(transcript.charAt(transcript.length() - 1))
                ? transcript : transcript + " ";
    }

    @Override
    public void finish() {
        sending.lock(); // held at most for a connect
        try {
            synchronized (this) {
                if (finished || closed) {
                    return;
                }
                finished = true;
            }
            send(null, false);
        } catch (ProviderException | InterruptedException e) {
            LOGGER.fine(() -> "Final input to Cartesia not sent: " + e.getMessage()); // its segments failed with it
        } finally {
            sending.unlock();
        }
    }

    /** Ends every segment's stream and cancels the context unless nothing of it is left to generate. */
    @Override
    public void close() {
        CartesiaContext last;
        boolean generating;
        synchronized (this) {
            closed = true;
            movable = false;
            last = context;
            generating = last != null && last.generating();
            if (last != null) {
                last.moveTo(CartesiaContext.State.CLOSED);
            }
        }
        opened.forEach(AudioStream::close);
        if (last != null && last.call() != null) {
            last.call().close(!generating);
        }
    }

    /**
     * Sends a segment (or, with {@code null}, what a lost context left and the final input once due)
     * on the current context while it takes input, else on a new one. A failed send loses the context.
     */
    private CartesiaTimeline.Segment send(CartesiaTimeline.Segment next, boolean whole)
            throws ProviderException, InterruptedException {
        List<String> messages = new ArrayList<>();
        Call expired = null;
        boolean fresh;
        CartesiaContext target = null;
        synchronized (this) {
            if (failure != null && !movable) {
                throw new ProviderException(failure.kind(), failure.providerStatus(), failure.getMessage(), failure);
            }
            if (context != null && context.expiring()) {
                context.moveTo(CartesiaContext.State.CLOSED);
                expired = context.call();
            }
            fresh = movable || context == null || context.state() != CartesiaContext.State.OPEN;
            if (!closed && (next != null || movable || !fresh)) {
                if (fresh) {
                    List<CartesiaTimeline.Segment> carried = movable ? context.timeline().unfinished() : List.of();
                    context = new CartesiaContext(template.format(), this::accept,
                                                  (from, error) -> fail(from, error, true, null));
                    movable = false;
                    failure = null; // the lost context's segments go on the new one: later sends are fine
                    carried.forEach(segment -> messages.addAll(context.add(segment, template, false)));
                }
                if (next != null) {
                    messages.addAll(context.add(next, template, whole));
                }
                if (finished && !whole) {
                    messages.add(template.message(context.id(), "", false, false));
                }
                if (finished || whole) {
                    context.moveTo(CartesiaContext.State.ENDING);
                }
                target = context;
            }
        }
        if (expired != null) {
            LOGGER.fine("Cartesia context quiet past its expiry margin; cancelled");
            expired.close(false);
        }
        try {
            if (target != null && fresh) {
                Call started = pool.start(KEY, target, messages, 0); // Cartesia has no character budget
                target.call(started);
                if (closed) { // close() ran while it started
                    started.close(false);
                }
            } else if (target != null) {
                for (String message : messages) {
                    target.call().send(message, 0);
                }
            }
        } catch (ProviderException e) {
            boolean interrupted = Thread.currentThread().isInterrupted();
            // A continuing send that fails loses the context; its segments, this one too, may then move.
            fail(target, e, !fresh && !interrupted, null);
            if (interrupted) {
                throw new InterruptedException("cancelled while sending to " + CartesiaCodec.NAME);
            }
            synchronized (this) {
                if (!movable) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            fail(target, new ProviderException(ProviderErrorKind.UNAVAILABLE, "interrupted while connecting"), false,
                 null);
            throw e;
        }
        return next;
    }

    /** A new segment's inbox, which probes and retires the current socket. */
    private CartesiaTimeline.Segment segment(String text) {
        AudioInbox inbox = new AudioInbox(CartesiaCodec.NAME, template.format(), timeouts, this::released)
                .probeWith(() -> onCall(Call::ping)).onTimeout(() -> onCall(Call::retire));
        opened.add(inbox);
        return new CartesiaTimeline.Segment(text, inbox);
    }

    private void onCall(Consumer<Call> action) {
        CartesiaContext current = context;
        Call now = current == null ? null : current.call();
        if (now != null) {
            action.accept(now);
        }
    }

    /** Frames of the current context; those of an earlier one are dropped. */
    private void accept(CartesiaContext from, Frame frame) {
        if (frame instanceof Frame.Failed failed) {
            fail(from, failed.error(), false, null);
            return;
        }
        synchronized (this) {
            if (from == context && from.state().live()) {
                from.heard(frame, template.timestamps());
            }
        }
    }

    /**
     * A context ({@code null}: the current one) failed: its unfinished segments fail, or, lost after
     * serving, go once more on a new context. With {@code closedBy} (a reader's close) only if that
     * one was unfinished. Returns whether the context was current and live.
     */
    private boolean fail(CartesiaContext from, ProviderException error, boolean lost, AudioInbox closedBy) {
        synchronized (this) {
            List<CartesiaTimeline.Segment> open = context == null ? List.of() : context.timeline().unfinished();
            if (context == null || from != null && from != context || !context.state().live()
                    || closedBy != null && open.stream().noneMatch(segment -> segment.inbox() == closedBy)) {
                return false;
            }
            context.moveTo(CartesiaContext.State.FAILED);
            failure = open.isEmpty() ? null : error;
            movable = lost && !open.isEmpty() && context.timeline().servedBeforeSilence();
            if (!movable) {
                open.stream().filter(segment -> segment.inbox() != closedBy).forEach(s -> s.inbox().fail(error));
                return true;
            }
        }
        LOGGER.fine("Cartesia socket died before answering segments; sending them on a new context");
        Thread.ofVirtual().name("cartesia-resend").start(this::resend);
        return true;
    }

    /** Sends a lost context's segments again; on a thread of its own, waiting at most for a connect. */
    private void resend() {
        try {
            if (sending.tryLock(timeouts.connect().toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                try {
                    send(null, false);
                } finally {
                    sending.unlock();
                }
            }
        } catch (ProviderException | InterruptedException e) {
            LOGGER.fine(() -> "Cartesia segments not sent again: " + e.getMessage()); // they failed with it
        }
    }

    /** A reader closed its segment: before its audio ended, that gives the utterance up (cancelled). */
    private void released(AudioInbox inbox, boolean done) {
        if (!done && fail(null, new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, CartesiaCodec.NAME
                + " utterance given up: an earlier segment was closed before its audio ended"), false, inbox)) {
            onCall(now -> now.close(false));
        }
    }
}
