package io.ttsgateway.deepgram;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.link.Call;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.LinkPool;
import io.ttsgateway.provider.link.Route;

/**
 * The segments an utterance sends on one socket, in flush order: Deepgram answers flushes in turn, so
 * audio belongs to the oldest unanswered segment and {@code Flushed} ends it. Holds its socket until
 * released and drained; cancelled with segments in flight, it sends {@code Clear}. The monitor guards
 * the state; inboxes and the call, which never call back, are told under it; sends happen outside.
 *
 * <p>{@code EXCESSIVE_FLUSH} names no segment; refusals hit the newest flushes, so the newest segment
 * without audio goes back to the utterance, and the socket, whose buffer still holds its text, takes
 * no more and is cleared and retired once drained.
 */
final class DeepgramRoute implements Route {

    private static final AtomicInteger IDS = new AtomicInteger();

    /** OPEN takes segments; RELEASED and REFUSED take none and end once drained, REFUSED with a Clear. */
    private enum State { OPEN, RELEASED, REFUSED, ENDED }

    private final String id = "deepgram-" + IDS.incrementAndGet();
    private final Consumer<DeepgramSegment> refused;
    private final ArrayDeque<DeepgramSegment> pending = new ArrayDeque<>();
    private State state = State.OPEN;
    private Call call;

    /** Creates a route; {@code refused} takes a segment to send elsewhere, on the reader, without blocking. */
    DeepgramRoute(Consumer<DeepgramSegment> refused) {
        this.refused = refused;
    }

    /** Starts the route with its first segment on a socket of the pool; throws when none could be had. */
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
        synchronized (this) {
            call = started;
            // A cancel or a refusal may have come before the call was known.
            if (state == State.ENDED) {
                started.close(false);
            } else if (state == State.REFUSED) {
                started.retire();
            }
            settle();
        }
    }

    /** Sends a further segment if the route takes segments and its socket's window has room; else false. */
    boolean offer(DeepgramSegment segment) {
        Call current = queue(segment, true); // before it is sent, so that its audio and Flushed find it
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
    synchronized void release() {
        move(State.RELEASED);
        settle();
    }

    /** The utterance was cancelled: {@code Clear} when segments are in flight; their streams are its own. */
    synchronized void cancel() {
        if (state != State.ENDED && call != null) {
            call.close(pending.isEmpty() && state != State.REFUSED);
        }
        pending.clear();
        move(State.ENDED);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void accept(Frame frame) {
        DeepgramSegment head = pending.peekFirst();
        switch (frame) {
            case Frame.Audio audio when head != null -> head.inbox().push(audio.audio());
            case Frame.Event event when head != null && event.type().equals(DeepgramCodec.FLUSHED) -> {
                pending.pollFirst();
                settle(); // before the reader learns of the end, so that its next request finds the socket
                head.inbox().finish();
            }
            case Frame.Event event when event.type().equals(DeepgramCodec.EXCESSIVE_FLUSH) -> {
                DeepgramSegment newest = pending.peekLast();
                // Only the oldest segment can have audio, and audio means its flush was taken.
                boolean taken = newest == null || newest == head && head.inbox().receivedAudio();
                DeepgramSegment again = taken ? null : pending.pollLast();
                move(State.REFUSED);
                if (call != null) {
                    call.retire();
                }
                settle();
                if (again != null) {
                    refused.accept(again);
                }
            }
            case Frame.Failed failed -> {
                if (call != null) {
                    call.retire(); // after an error the socket's state is unknown
                }
                lost(failed.error(), true);
            }
            default -> {
                // Cleared: the link frees the cancelled route's slot.
            }
        }
    }

    @Override
    public synchronized void lost(ProviderException error, boolean answered) {
        pending.forEach(segment -> segment.inbox().fail(error));
        pending.clear();
        move(State.ENDED);
    }

    /** Closes the call of a released or refused route whose last segment was answered; holds the monitor. */
    private void settle() {
        if (call != null && pending.isEmpty() && (state == State.RELEASED || state == State.REFUSED)) {
            call.close(state == State.RELEASED);
            move(State.ENDED);
        }
    }

    /** The one place the state changes: an ended route stays ended, a refused one is not merely released. */
    private void move(State next) {
        if (state != State.ENDED && !(state == State.REFUSED && next == State.RELEASED)) {
            state = next;
        }
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
