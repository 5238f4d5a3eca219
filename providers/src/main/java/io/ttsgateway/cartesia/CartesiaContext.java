package io.ttsgateway.cartesia;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.IntStream;

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
 * One {@code context_id} at Cartesia and its segments in order: a whole request is one segment sent
 * as the final input; in a continuation segment n is an input and a manual flush, flush n. As the
 * flush numbering is confirmed only by the definitions, routing leans on no more than it must: audio
 * comes in flush order, so a chunk without a usable {@code flush_id} goes to the oldest unfinished
 * segment; {@code flush_done} n ends segment n and those before (a first one numbered 0 means counting
 * from 0); a chunk tagged with a later segment ends those before it; {@code done} ends all. Word
 * timestamps count from the context's start and are shifted to their segment's, unless they restart.
 *
 * <p>A segment closed by its reader before its audio ended gives the context up (cancelled, later
 * segments fail), so no truncated segment passes for a complete one. Segments a lost socket caught
 * with no audio yet, after earlier ones finished on it (so it served, and likely died idle), do not
 * fail: they go to the {@link Mover}, to be sent again on a new context.
 */
final class CartesiaContext implements Route {

    /** How far a segment's first word may start before the last word ended and still be context time. */
    private static final long RESTART_TOLERANCE_MS = 250;
    private static final Logger LOGGER = Logger.getLogger(CartesiaContext.class.getName());

    /** {@code OPEN} takes inputs, {@code ENDING} had its final one; it ends {@code DONE}, {@code FAILED} or {@code CLOSED}. */
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

    /** Sends the unfinished segments of a lost context on a new one; runs on a thread of its own. */
    @FunctionalInterface
    interface Mover {
        void move(CartesiaContext lost);
    }

    /** A segment's text and inbox, which move with it to a new context. */
    static final class Segment {
        private final String text;
        private final AudioInbox inbox;
        private volatile CartesiaContext owner;
        /** Guarded by the owner's monitor. */
        private long bytes;
        /** Whether its timestamps count from the context's start, decided by its first ones. */
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
    /** The oldest unfinished segment, and the one that got the latest audio (or -1). */
    private int current;
    private int audioSegment = -1;
    private int flushBase = 1;
    private boolean flushBaseKnown;
    /** End of the last word seen, in context time. */
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
     * Sends the first segments (a whole request: its one segment as the final input), then the final
     * input when {@code end}. When no socket takes them they fail with the reason, which is thrown.
     */
    void start(LinkPool<String> pool, List<Segment> first, boolean whole, boolean end)
            throws ProviderException, InterruptedException {
        List<String> messages = new ArrayList<>();
        synchronized (this) {
            first.forEach(segment -> messages.addAll(attach(segment, whole)));
            if (end || whole) {
                state = state.next(State.ENDING);
                messages.addAll(whole ? List.of() : List.of(CartesiaCodec.generation(template, id, "", false, false)));
            }
        }
        try {
            call = pool.start(CartesiaSession.KEY, this, messages, 0); // Cartesia has no character budget
        } catch (ProviderException | InterruptedException e) {
            fail(e instanceof ProviderException error ? error
                         : new ProviderException(ProviderErrorKind.UNAVAILABLE, "interrupted while connecting"), false, null);
            throw e;
        }
    }

    /**
     * Sends a further segment, or the final input for {@code null}. A failed send loses the context
     * as a socket's end does (so the segments may move); an interrupted one gives it up and throws.
     *
     * @return false when the context takes no input any more; nothing was sent
     */
    boolean send(Segment segment) throws InterruptedException {
        List<String> messages;
        synchronized (this) {
            if (state != State.OPEN) {
                return false;
            }
            state = state.next(segment == null ? State.ENDING : State.OPEN);
            messages = segment == null ? List.of(CartesiaCodec.generation(template, id, "", false, false))
                    : attach(segment, false);
        }
        try {
            for (String message : messages) {
                call.send(message, 0);
            }
        } catch (ProviderException e) {
            boolean interrupted = Thread.currentThread().isInterrupted();
            fail(e, !interrupted, null);
            if (interrupted) {
                throw new InterruptedException("cancelled while sending to " + CartesiaProvider.NAME);
            }
        }
        return true;
    }

    /** Ends the segments' streams, and cancels the context unless nothing of it is left to generate. */
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

    /** Whether an input may follow; a context whose segments all finished and that was quiet for {@code idleNanos} may be expiring, so it is closed. */
    boolean continuable(long idleNanos) {
        synchronized (this) {
            if (state != State.OPEN || current < segments.size() || System.nanoTime() - lastHeard <= idleNanos) {
                return state == State.OPEN;
            }
        }
        LOGGER.fine("Cartesia context quiet past its expiry margin; no further input goes to it");
        close();
        return false;
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
            case Frame.Failed failed -> fail(failed.error(), false, null);
            case Frame.Event event when event.type().equals("chunk") ->
                    audio(CartesiaCodec.audio(event.message()), CartesiaCodec.flushId(event.message()));
            case Frame.Event event when event.type().equals("flush_done") ->
                    finish(flushIndex(CartesiaCodec.flushId(event.message())) + 1, null);
            case Frame.Event event when event.type().equals("timestamps") -> words(event.message());
            case Frame.Event event when event.type().equals("phoneme_timestamps") -> touch();
            default -> {
                // nothing for a request
            }
        }
    }

    @Override
    public void lost(ProviderException error, boolean answered) {
        fail(error, true, null);
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

    /** The segment a {@code flush_id} names; the first one seen says whether counting starts at 0 or 1. */
    private synchronized int flushIndex(int flushId) {
        if (flushId != CartesiaCodec.NO_FLUSH_ID && !flushBaseKnown) {
            flushBaseKnown = true;
            flushBase = flushId == 0 ? 0 : 1;
        }
        return flushId == CartesiaCodec.NO_FLUSH_ID ? current : flushId - flushBase;
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
            lastWordEndMs = Math.max(lastWordEndMs, words.endMs().getLast() + offset - shift);
            // A word starting well before the segment is an earlier segment's, arriving late.
            List<Integer> kept = IntStream.range(0, words.words().size())
                    .filter(i -> words.startMs().get(i) - shift >= -RESTART_TOLERANCE_MS).boxed().toList();
            shifted = new WordAlignment(kept.stream().map(words.words()::get).toList(),
                                        kept.stream().map(i -> Math.max(0, words.startMs().get(i) - shift)).toList(),
                                        kept.stream().map(i -> Math.max(0, words.endMs().get(i) - shift)).toList());
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

    /**
     * Ends the context: the unfinished segments fail, or go to the mover when they may move. With
     * {@code closed}, a segment its reader closed, only when Cartesia had not finished that one.
     *
     * @return whether the context was live
     */
    private boolean fail(ProviderException error, boolean lost, Segment closed) {
        List<Segment> open;
        boolean move;
        synchronized (this) {
            if (!state.live() || closed != null && segments.indexOf(closed) < current) {
                return false;
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
            open.stream().filter(segment -> segment != closed).forEach(segment -> segment.inbox.fail(error));
        }
        return true;
    }

    /** A reader closed its segment before its audio ended: the context is cancelled, later segments fail. */
    private void released(Segment segment, boolean finished) {
        if (!finished && fail(new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, CartesiaProvider.NAME
                + " utterance given up: an earlier segment was closed before its audio ended"), false, segment)) {
            onCall(now -> now.close(false));
        }
    }

    /** Adds a segment, new or moved here, and writes its messages; under the monitor. */
    private List<String> attach(Segment segment, boolean whole) {
        segment.owner = this;
        segment.bytes = 0;
        segment.contextTime = null;
        segments.add(segment);
        return whole ? List.of(CartesiaCodec.generation(template, id, segment.text, false, false))
                : List.of(CartesiaCodec.generation(template, id, segment.text, true, false),
                          CartesiaCodec.generation(template, id, "", true, true));
    }
}
