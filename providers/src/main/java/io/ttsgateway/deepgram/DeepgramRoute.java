package io.ttsgateway.deepgram;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.link.Call;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.LinkPool;
import io.ttsgateway.provider.link.Route;

/**
 * The segments an utterance sends on one socket, in flush order: Deepgram answers flushes one after
 * the other, so audio belongs to the oldest unanswered segment and {@code Flushed} ends it. Holds its
 * socket until released and drained; cancelled with segments in flight, it sends {@code Clear}.
 *
 * <p>{@code EXCESSIVE_FLUSH} names no segment; refusals hit the newest flushes, so the newest segment
 * without audio counts as refused and goes back to the utterance. The socket, whose buffer still holds
 * that text, takes no more and is cleared and retired once drained.
 */
final class DeepgramRoute implements Route {

    private static final AtomicInteger IDS = new AtomicInteger();

    /** OPEN takes segments; RELEASED and REFUSED take none and end once drained, REFUSED with a Clear. */
    private enum State { OPEN, RELEASED, REFUSED, ENDED }

    private final String id = "deepgram-" + IDS.incrementAndGet();
    private final Consumer<DeepgramSegment> refused;
    // Guarded by this.
    private final ArrayDeque<DeepgramSegment> pending = new ArrayDeque<>();
    private State state = State.OPEN;
    private Call call;

    /** Creates a route; {@code refused} takes, on the reader, a segment to send elsewhere. */
    DeepgramRoute(Consumer<DeepgramSegment> refused) {
        this.refused = refused;
    }

    /**
     * Starts the route on a socket of the pool with its first segment.
     *
     * @throws ProviderException    when no socket could be had
     * @throws InterruptedException when interrupted while connecting
     */
    void start(LinkPool<SocketSettings> pool, DeepgramSegment segment) throws ProviderException, InterruptedException {
        SpeakRequest request = segment.request();
        queue(segment, false);
        Call started;
        try {
            started = pool.start(request.settings(), this, request.messages(), request.length());
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            unqueue(segment);
            throw e;
        }
        segment.inbox().probeWith(started::ping);
        State before;
        synchronized (this) {
            call = started;
            before = state;
        }
        // A cancel or a refusal may have come before the call was known.
        if (before == State.ENDED) {
            started.close(false);
        } else if (before == State.REFUSED) {
            started.retire();
        }
        settle();
    }

    /** Sends a further segment if the route takes segments and its socket's window has room; else false. */
    boolean offer(DeepgramSegment segment) {
        // Queued before it is sent, so that its audio and Flushed find it.
        Call current = queue(segment, true);
        boolean sent;
        try {
            sent = current != null && current.trySend(segment.request().messages(), segment.request().length());
        } catch (ProviderException e) {
            sent = false;
        }
        if (sent) {
            segment.inbox().probeWith(current::ping);
        }
        // Unsent and no longer queued: the socket was lost meanwhile, and the segment failed with it.
        return sent || current != null && !unqueue(segment);
    }

    /** The utterance sends nothing more here: the socket is freed once the last segment is answered. */
    void release() {
        synchronized (this) {
            move(State.RELEASED);
        }
        settle();
    }

    /** The utterance was cancelled: {@code Clear} when segments are in flight; their streams are its own. */
    void cancel() {
        Call current;
        boolean quiet;
        synchronized (this) {
            quiet = pending.isEmpty() && state != State.REFUSED;
            current = state == State.ENDED ? null : call;
            pending.clear();
            move(State.ENDED);
        }
        if (current != null) {
            current.close(quiet);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void accept(Frame frame) {
        switch (frame) {
            case Frame.Audio audio -> {
                DeepgramSegment head = head(false);
                if (head != null) {
                    head.inbox().push(audio.audio());
                }
            }
            case Frame.Event event when event.type().equals(DeepgramCodec.FLUSHED) -> {
                DeepgramSegment done = head(true);
                settle(); // before the reader learns of the end, so that its next request finds the socket
                if (done != null) {
                    done.inbox().finish();
                }
            }
            case Frame.Event event when event.type().equals(DeepgramCodec.EXCESSIVE_FLUSH) -> excessiveFlush();
            case Frame.Failed failed -> {
                retire(); // after an error the socket's state is unknown
                lost(failed.error(), true);
            }
            default -> {
                // Cleared: the link frees the cancelled route's slot.
            }
        }
    }

    @Override
    public void lost(ProviderException error, boolean answered) {
        List<DeepgramSegment> failed;
        synchronized (this) {
            failed = List.copyOf(pending);
            pending.clear();
            move(State.ENDED);
        }
        failed.forEach(segment -> segment.inbox().fail(error));
    }

    private void excessiveFlush() {
        DeepgramSegment newest;
        synchronized (this) {
            newest = pending.peekLast();
            // Only the oldest segment can have audio, and audio means its flush was taken.
            boolean taken = newest != null && newest == pending.peekFirst() && newest.inbox().receivedAudio();
            newest = taken ? null : pending.pollLast();
            move(State.REFUSED);
        }
        retire();
        settle();
        if (newest != null) {
            refused.accept(newest);
        }
    }

    /** Closes the call of a released or refused route whose last segment was answered. */
    private void settle() {
        Call current;
        boolean clear;
        synchronized (this) {
            if (call == null || !pending.isEmpty() || (state != State.RELEASED && state != State.REFUSED)) {
                return;
            }
            clear = state == State.REFUSED;
            current = call;
            move(State.ENDED);
        }
        current.close(!clear);
    }

    /** The one place the state changes: an ended route stays ended, a refused one is not merely released. */
    private void move(State next) {
        if (state != State.ENDED && !(state == State.REFUSED && next == State.RELEASED)) {
            state = next;
        }
    }

    private void retire() {
        Call current;
        synchronized (this) {
            current = call;
        }
        if (current != null) {
            current.retire();
        }
    }

    private synchronized DeepgramSegment head(boolean remove) {
        return remove ? pending.pollFirst() : pending.peekFirst();
    }

    /** Queues a segment; when {@code open}, only on a started route taking segments. Its call, or null. */
    private synchronized Call queue(DeepgramSegment segment, boolean open) {
        if (open && (state != State.OPEN || call == null)) {
            return null;
        }
        pending.addLast(segment);
        return call;
    }

    private synchronized boolean unqueue(DeepgramSegment segment) {
        return pending.remove(segment);
    }
}
