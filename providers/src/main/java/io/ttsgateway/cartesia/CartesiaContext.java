package io.ttsgateway.cartesia;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.link.Call;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.LinkPool;
import io.ttsgateway.provider.link.Route;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * One {@code context_id} at Cartesia: its segments in order, Cartesia's answers routed to their
 * inboxes. A whole request is a context of one segment sent as the final input; in a continuation
 * each segment is an input and a manual flush, so segment n is flush n.
 *
 * <p>The flush numbering is confirmed only by the definitions, so the routing depends on no more
 * than it must: audio comes in flush order, so a chunk without a usable {@code flush_id} goes to the
 * oldest unfinished segment; {@code flush_done} n ends segment n and those before it (a first one
 * numbered 0 means numbering starts at 0); a chunk tagged with a later segment ends those before it;
 * {@code done} ends all. Word timestamps count from the start of the context's audio and are shifted
 * to count from their segment's start, unless they restart near zero.
 *
 * <p>A segment closed by its reader before its audio ended gives the context up (cancelled, later
 * segments fail), so no truncated segment passes for a complete one. When the socket is lost under
 * segments none of whose audio had come, after earlier ones finished on it (it served, and likely
 * died idle), they wait for the {@link Mover} to send them on a new context instead of failing.
 */
final class CartesiaContext implements Route {

    /** How far a segment's first word may start before the last word before it ended and still be context time. */
    private static final long RESTART_TOLERANCE_MS = 250;

    /**
     * Where a context is: {@code OPEN} takes inputs, {@code ENDING} has had its final one; it ends
     * {@code DONE} by Cartesia, {@code FAILED} (an error, a loss, a segment given up) or {@code CLOSED}
     * by the gateway.
     */
    enum State {
        OPEN, ENDING, DONE, FAILED, CLOSED;

        /** The one transition: a live context moves on, never back to open; an ended one stays. */
        State next(State wanted) {
            return live() && wanted != OPEN ? wanted : this;
        }

        boolean live() {
            return this == OPEN || this == ENDING;
        }
    }

    /** Sends the unfinished segments of a lost context on a new one; called on a thread of its own. */
    @FunctionalInterface
    interface Mover {
        void move(CartesiaContext lost);
    }

    /** A segment's text and inbox, which move with it to a new context. */
    static final class Segment {
        private final String text;
        private final AudioInbox inbox;
        private volatile CartesiaContext owner;
        /** Audio received, and whether its timestamps count from the context's start; the owner's monitor guards them. */
        private long bytes;
        private Boolean contextTime;

        Segment(String text, CartesiaGeneration template, ProviderTimeouts timeouts) {
            this.text = text;
            this.inbox = new AudioInbox(CartesiaProvider.NAME, template.format(), timeouts,
                                        (box, finished) -> owner.released(this, finished))
                    .probeWith(() -> owner.onCall(Call::ping)).onTimeout(() -> owner.onCall(Call::retire));
        }

        AudioInbox inbox() {
            return inbox;
        }
    }

    private final String id = UUID.randomUUID().toString();
    private final CartesiaGeneration template;
    private final Mover mover;
    private final List<Segment> segments = new ArrayList<>();
    private State state = State.OPEN;
    /** The oldest segment Cartesia has not finished. */
    private int current;
    /** The segment that received the latest audio, or -1. */
    private int audioSegment = -1;
    private int flushBase = 1;
    private boolean flushBaseKnown;
    /** End of the last word seen, in milliseconds of context time. */
    private long lastWordEndMs;
    private ProviderException failure;
    private boolean movable;
    private volatile long lastHeard = System.nanoTime();
    private volatile Call call;

    CartesiaContext(CartesiaGeneration template, Mover mover) {
        this.template = template;
        this.mover = mover;
    }

    /**
     * Sends the first messages: each segment an input and a flush (a whole request: its one segment
     * as the final input), then the final input when {@code end}. When no socket takes them, the
     * segments fail with the reason, which is thrown.
     */
    void start(LinkPool<String> pool, List<Segment> first, boolean whole, boolean end)
            throws ProviderException, InterruptedException {
        List<String> messages = new ArrayList<>();
        synchronized (this) {
            for (Segment segment : first) {
                attach(segment);
                messages.add(CartesiaCodec.generation(template, id, segment.text, !whole, false));
                if (!whole) {
                    messages.add(CartesiaCodec.generation(template, id, "", true, true));
                }
            }
            if (end) {
                messages.add(CartesiaCodec.generation(template, id, "", false, false));
            }
            state = state.next(whole || end ? State.ENDING : State.OPEN);
        }
        try {
            call = pool.start(CartesiaSession.KEY, this, messages, first.stream().mapToInt(s -> s.text.length()).sum());
        } catch (ProviderException | InterruptedException e) {
            fail(e instanceof ProviderException error ? error
                         : new ProviderException(ProviderErrorKind.UNAVAILABLE, "interrupted while connecting"), false);
            throw e;
        }
    }

    /**
     * Sends a further segment. A failed send loses the context as a socket's end does, so the
     * segment may move with the others; an interrupted one gives it up and is thrown.
     *
     * @return false when the context takes no input any more; nothing was sent
     */
    boolean add(Segment segment) throws InterruptedException {
        synchronized (this) {
            if (state != State.OPEN) {
                return false;
            }
            attach(segment);
        }
        try {
            call.send(CartesiaCodec.generation(template, id, segment.text, true, false), segment.text.length());
            call.send(CartesiaCodec.generation(template, id, "", true, true), 0);
        } catch (ProviderException e) {
            boolean interrupted = Thread.currentThread().isInterrupted();
            fail(e, !interrupted);
            if (interrupted) {
                throw new InterruptedException("cancelled while sending to " + CartesiaProvider.NAME);
            }
        }
        return true;
    }

    /** Sends the final input, after which Cartesia ends the context with {@code done}. */
    void end() {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            state = state.next(State.ENDING);
        }
        try {
            call.send(CartesiaCodec.generation(template, id, "", false, false), 0);
        } catch (ProviderException e) {
            fail(e, true); // the socket is gone; its close may not have been seen yet
        }
    }

    /** Ends the segments' streams and cancels the context unless nothing of it is left to generate. Idempotent. */
    void close() {
        List<Segment> all;
        boolean generating;
        synchronized (this) {
            generating = state == State.OPEN || state == State.ENDING && current < segments.size();
            state = state.next(State.CLOSED);
            all = List.copyOf(segments);
        }
        all.forEach(segment -> segment.inbox.close());
        onCall(now -> now.close(!generating));
    }

    synchronized boolean takesInput() {
        return state == State.OPEN;
    }

    /** The failure of its segments, if any failed and may not move. */
    synchronized ProviderException failure() {
        return movable ? null : failure;
    }

    /** The segments a loss caught unanswered after the context served, once; else none. */
    synchronized List<Segment> takeUnfinished() {
        List<Segment> unfinished = movable ? List.copyOf(segments.subList(current, segments.size())) : List.of();
        movable = false;
        return unfinished;
    }

    /** Whether every segment finished and Cartesia has been quiet for {@code nanos}: the context may expire. */
    synchronized boolean idleFor(long nanos) {
        return state == State.OPEN && current >= segments.size() && System.nanoTime() - lastHeard > nanos;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void accept(Frame frame) {
        lastHeard = System.nanoTime();
        switch (frame) {
            case Frame.Audio audio -> audio(audio.audio(), CartesiaCodec.NO_FLUSH_ID);
            case Frame.Done done -> finish(Integer.MAX_VALUE, State.DONE);
            case Frame.Failed failed -> fail(failed.error(), false);
            case Frame.Event event -> {
                switch (event.type()) {
                    case "chunk" -> audio(CartesiaCodec.audio(event.message()),
                                          CartesiaCodec.flushId(event.message()));
                    case "flush_done" -> finish(flushIndex(CartesiaCodec.flushId(event.message())) + 1, null);
                    case "timestamps" -> words(event.message());
                    case "phoneme_timestamps" -> touch();
                    default -> {
                        // nothing for a request
                    }
                }
            }
            default -> {
                // Ready and Ignored never name a context
            }
        }
    }

    @Override
    public void lost(ProviderException error, boolean answered) {
        fail(error, true);
    }

    /** Acts on the call once known: a probe or a close may come while it starts. */
    private void onCall(Consumer<Call> action) {
        Call now = call;
        if (now != null) {
            action.accept(now);
        }
    }

    private void audio(byte[] chunk, int flushId) {
        Segment target;
        List<Segment> complete;
        synchronized (this) {
            int tagged = flushId == CartesiaCodec.NO_FLUSH_ID ? -1 : flushId - flushBase;
            int index = tagged > current && tagged < segments.size() ? tagged : current;
            if (!state.live() || index >= segments.size()) {
                return; // after the last flush, or the context is over
            }
            complete = finishBefore(index);
            target = segments.get(index);
            target.bytes += chunk.length;
            audioSegment = index;
        }
        complete.forEach(segment -> segment.inbox.finish());
        target.inbox.push(chunk); // refused once its reader closed it or timed out; that close settles the rest
    }

    /** The segment a {@code flush_id} names; the first one seen says whether numbering starts at 0 or 1. */
    private synchronized int flushIndex(int flushId) {
        if (flushId == CartesiaCodec.NO_FLUSH_ID) {
            return current;
        }
        if (!flushBaseKnown) {
            flushBaseKnown = true;
            flushBase = flushId == 0 ? 0 : 1;
        }
        return flushId - flushBase;
    }

    private void words(JsonNode message) {
        touch();
        WordAlignment words = template.timestamps() ? CartesiaCodec.words(message) : null;
        if (words == null || words.isEmpty()) {
            return;
        }
        Segment target;
        WordAlignment shifted;
        synchronized (this) {
            int index = Math.max(audioSegment, current);
            if (!state.live() || index >= segments.size()) {
                return;
            }
            target = segments.get(index);
            long offset = Math.round(segments.subList(0, index).stream().mapToLong(s -> s.bytes).sum() * 1000.0
                                             / template.format().bytesPerSecond());
            if (target.contextTime == null) {
                target.contextTime = index == 0 || words.startMs().getFirst() + RESTART_TOLERANCE_MS >= lastWordEndMs;
            }
            long shift = target.contextTime ? offset : 0;
            List<String> kept = new ArrayList<>();
            List<Long> starts = new ArrayList<>();
            List<Long> ends = new ArrayList<>();
            for (int i = 0; i < words.words().size(); i++) {
                long start = words.startMs().get(i) - shift;
                if (start >= -RESTART_TOLERANCE_MS) { // else a word of an earlier segment, arriving late
                    kept.add(words.words().get(i));
                    starts.add(Math.max(0, start));
                    ends.add(Math.max(0, words.endMs().get(i) - shift));
                }
            }
            lastWordEndMs = Math.max(lastWordEndMs, words.endMs().getLast() + offset - shift);
            shifted = new WordAlignment(kept, starts, ends);
        }
        target.inbox.align(shifted);
    }

    /** Progress without audio keeps the current segment from looking stalled. */
    private void touch() {
        Segment target;
        synchronized (this) {
            target = current < segments.size() ? segments.get(current) : null;
        }
        if (target != null) {
            target.inbox.touch();
        }
    }

    /** Ends the segments before {@code index}, and the context when {@code ending} is given. */
    private void finish(int index, State ending) {
        List<Segment> complete;
        synchronized (this) {
            if (ending == null && !state.live()) {
                return;
            }
            state = ending == null ? state : state.next(ending);
            complete = finishBefore(index);
        }
        complete.forEach(segment -> segment.inbox.finish());
    }

    /** Marks the segments before {@code index} (at most all) finished; under the monitor. */
    private List<Segment> finishBefore(int index) {
        int end = Math.min(index, segments.size());
        List<Segment> complete = end <= current ? List.of() : List.copyOf(segments.subList(current, end));
        current = Math.max(current, end);
        return complete;
    }

    /** Ends the context: its unfinished segments fail, or wait for the mover when they may move. */
    private void fail(ProviderException error, boolean lost) {
        List<Segment> open;
        boolean move;
        synchronized (this) {
            if (!state.live()) {
                return;
            }
            state = state.next(State.FAILED);
            open = List.copyOf(segments.subList(current, segments.size()));
            failure = open.isEmpty() ? null : error;
            move = lost && current > 0 && !open.isEmpty() && open.stream().allMatch(s -> s.bytes == 0);
            movable = move;
        }
        if (move) {
            Thread.ofVirtual().name("cartesia-move").start(() -> mover.move(this));
        } else {
            open.forEach(segment -> segment.inbox.fail(error));
        }
    }

    /** A reader closed its segment: before its audio ended, the context is cancelled and later segments fail. */
    private void released(Segment segment, boolean finished) {
        List<Segment> others;
        ProviderException abandoned = new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, CartesiaProvider.NAME
                + " utterance given up: an earlier segment was closed before its audio ended");
        synchronized (this) {
            if (finished || !state.live() || segments.indexOf(segment) < current) {
                return; // over anyway, or Cartesia had finished this segment as its reader closed it
            }
            state = state.next(State.FAILED);
            failure = abandoned;
            others = new ArrayList<>(segments.subList(current, segments.size()));
            others.remove(segment);
            current = segments.size();
        }
        onCall(now -> now.close(false));
        others.forEach(other -> other.inbox.fail(abandoned));
    }

    /** Adds a segment, new or moved here; under the monitor. */
    private void attach(Segment segment) {
        segment.owner = this;
        segment.bytes = 0;
        segment.contextTime = null;
        segments.add(segment);
    }
}
