package io.ttsgateway.cartesia;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
 * One {@code context_id} at Cartesia: its segments in order, and Cartesia's answers routed to their
 * inboxes. A whole request is a context of one segment sent as the final input.
 *
 * <p>In a continuation each segment is an input and a manual flush, so segment n is flush n. Cartesia
 * tags chunks with their flush's {@code flush_id} and ends a flush's audio with {@code flush_done};
 * as that numbering is confirmed only by the definitions, the routing depends on no more than it must:
 * audio comes in flush order, so chunks without a usable {@code flush_id} go to the oldest unfinished
 * segment; {@code flush_done} n ends segment n and those before it (a first one numbered 0 means
 * numbering starts at 0); a chunk tagged with a later segment ends the ones before it; {@code done}
 * ends all. Word timestamps count from the start of the context's audio and are shifted to count
 * from their segment's start, unless they restart near zero.
 *
 * <p>A segment closed by its reader before its audio ended gives the context up (cancelled, later
 * segments fail), so no truncated segment passes for a complete one. When the socket is lost under
 * segments none of whose audio had come, after earlier ones finished on it (it served, and likely
 * died idle), they go to the {@link Mover} to be sent again on a new context instead of failing.
 */
final class CartesiaContext implements Route {

    /** How far a segment's first word may start before the previous segment's last word ended and still count as context time. */
    private static final long RESTART_TOLERANCE_MS = 250;
    private static final double MILLIS_PER_SECOND = 1000.0;

    /** Where a context is; every change goes through {@link #next}. */
    enum State {
        /** Takes further inputs. */
        OPEN,
        /** Its final input is sent; Cartesia ends it with {@code done}. */
        ENDING,
        /** Cartesia ended it. */
        DONE,
        /** An error, a loss or a segment given up ended it. */
        FAILED,
        /** The gateway stopped using it. */
        CLOSED;

        /** The state after a change towards {@code wanted}: only a live context changes, never back to open. */
        State next(State wanted) {
            return live() && wanted != OPEN ? wanted : this;
        }

        boolean live() {
            return this == OPEN || this == ENDING;
        }
    }

    /** Sends the unfinished segments of a lost context again; called on a thread of its own. */
    @FunctionalInterface
    interface Mover {
        void move(CartesiaContext lost);
    }

    /** A segment's text and inbox, which move with it when its context is sent again. */
    static final class Segment {
        private final String text;
        private final AudioInbox inbox;
        private volatile CartesiaContext owner;
        /** Audio received, and whether its timestamps count from the context's start; under the owner's lock. */
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
    private final ReentrantLock lock = new ReentrantLock();
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
    /** Lost with unfinished segments that may be sent again. */
    private boolean movable;
    private volatile long lastHeard = System.nanoTime();
    private volatile Call call;

    CartesiaContext(CartesiaGeneration template, Mover mover) {
        this.template = template;
        this.mover = mover;
    }

    /**
     * Sends the context's first messages: each segment as an input and a flush (or, for a whole
     * request, its one segment as the final input), then the final input when {@code end}.
     *
     * @throws ProviderException when no socket took them; the segments then fail with it
     */
    void start(LinkPool<String> pool, List<Segment> first, boolean whole, boolean end)
            throws ProviderException, InterruptedException {
        List<String> messages = new ArrayList<>();
        int chars = 0;
        lock.lock();
        try {
            for (Segment segment : first) {
                attach(segment);
                messages.add(CartesiaCodec.generation(template, id, segment.text, !whole, false));
                if (!whole) {
                    messages.add(CartesiaCodec.generation(template, id, "", true, true));
                }
                chars += segment.text.length();
            }
            if (end) {
                messages.add(CartesiaCodec.generation(template, id, "", false, false));
            }
            state = state.next(whole || end ? State.ENDING : State.OPEN);
        } finally {
            lock.unlock();
        }
        try {
            call = pool.start(CartesiaSession.KEY, this, messages, chars);
        } catch (ProviderException | InterruptedException e) {
            fail(e instanceof ProviderException error ? error : closed(), false);
            throw e;
        }
    }

    /**
     * Sends a further segment, an input and a flush. When the send fails the context is lost as if
     * its socket ended, so the segment may move with the others.
     *
     * @return false when the context takes no input any more; nothing was sent
     * @throws InterruptedException when the sender was interrupted; the context is then given up
     */
    boolean add(Segment segment) throws InterruptedException {
        lock.lock();
        try {
            if (state != State.OPEN) {
                return false;
            }
            attach(segment);
        } finally {
            lock.unlock();
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
        State before = locked(() -> {
            State was = state;
            state = state.next(State.ENDING);
            return was;
        });
        if (before != State.OPEN) {
            return;
        }
        try {
            call.send(CartesiaCodec.generation(template, id, "", false, false), 0);
        } catch (ProviderException e) {
            fail(e, true); // the socket is gone; its close handler may not have run yet
        }
    }

    /**
     * Stops using the context: ends its segments' streams and cancels it at Cartesia unless nothing
     * of it is left to generate. Idempotent, any thread.
     */
    void close() {
        List<Segment> all;
        boolean generating;
        lock.lock();
        try {
            generating = state == State.OPEN || state == State.ENDING && current < segments.size();
            state = state.next(State.CLOSED);
            all = List.copyOf(segments);
        } finally {
            lock.unlock();
        }
        all.forEach(segment -> segment.inbox.close());
        onCall(now -> now.close(!generating));
    }

    /** Whether another segment may be sent on this context. */
    boolean takesInput() {
        return locked(() -> state == State.OPEN);
    }

    /** The failure of its segments, if any failed and they may not move. */
    ProviderException failure() {
        return locked(() -> movable ? null : failure);
    }

    /** The segments to send again, once: empty unless the context was lost unanswered after serving. */
    List<Segment> takeUnfinished() {
        return locked(() -> {
            if (!movable) {
                return List.of();
            }
            movable = false;
            return List.copyOf(segments.subList(current, segments.size()));
        });
    }

    /** Whether every segment finished and Cartesia has said nothing for {@code nanos}: it may expire. */
    boolean idleFor(long nanos) {
        return locked(() -> state == State.OPEN && current >= segments.size()
                && System.nanoTime() - lastHeard > nanos);
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
            case Frame.Event event when event.type().equals("chunk") ->
                    audio(CartesiaCodec.audio(event.message()), CartesiaCodec.flushId(event.message()));
            case Frame.Event event when event.type().equals("flush_done") -> flushDone(event);
            case Frame.Event event when event.type().equals("timestamps") -> words(event);
            case Frame.Event event when event.type().equals("phoneme_timestamps") -> progress();
            default -> {
                // nothing for a request
            }
        }
    }

    @Override
    public void lost(ProviderException error, boolean answered) {
        fail(error, true);
    }

    /** Acts on the call once it is known: frames, probes and closes may come while it starts. */
    private void onCall(Consumer<Call> action) {
        Call now = call;
        if (now != null) {
            action.accept(now);
        }
    }

    private void audio(byte[] chunk, int flushId) {
        Segment target;
        List<Segment> complete;
        lock.lock();
        try {
            int tagged = flushId == CartesiaCodec.NO_FLUSH_ID ? -1 : flushId - flushBase;
            int index = tagged > current && tagged < segments.size() ? tagged : current;
            if (!state.live() || index >= segments.size()) {
                return; // after the last flush, or the context is over
            }
            complete = finishBefore(index);
            target = segments.get(index);
            target.bytes += chunk.length;
            audioSegment = index;
        } finally {
            lock.unlock();
        }
        complete.forEach(segment -> segment.inbox.finish());
        // Refused when its reader closed it or timed out; the reader's close settles the rest.
        target.inbox.push(chunk);
    }

    private void flushDone(Frame.Event event) {
        int flushId = CartesiaCodec.flushId(event.message());
        int index = locked(() -> {
            if (flushId == CartesiaCodec.NO_FLUSH_ID) {
                return current;
            }
            if (!flushBaseKnown) {
                flushBaseKnown = true;
                flushBase = flushId == 0 ? 0 : 1;
            }
            return flushId - flushBase;
        });
        finish(index + 1, null);
    }

    private void words(Frame.Event event) {
        progress();
        WordAlignment words = template.timestamps() ? CartesiaCodec.words(event.message()) : null;
        if (words == null || words.isEmpty()) {
            return;
        }
        Segment target;
        WordAlignment shifted;
        lock.lock();
        try {
            int index = Math.max(audioSegment, current);
            if (!state.live() || index >= segments.size()) {
                return;
            }
            target = segments.get(index);
            long offset = offsetMs(index);
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
            lastWordEndMs = Math.max(lastWordEndMs, words.endMs().getLast() + (target.contextTime ? 0 : offset));
            shifted = new WordAlignment(kept, starts, ends);
        } finally {
            lock.unlock();
        }
        target.inbox.align(shifted);
    }

    private void progress() {
        Segment target = locked(() -> current < segments.size() ? segments.get(current) : null);
        if (target != null) {
            target.inbox.touch();
        }
    }

    /** Ends the segments before {@code index}, and the context too when {@code ending} is given. */
    private void finish(int index, State ending) {
        List<Segment> complete;
        lock.lock();
        try {
            if (ending != null) {
                state = state.next(ending);
            } else if (!state.live()) {
                return;
            }
            complete = finishBefore(index);
        } finally {
            lock.unlock();
        }
        complete.forEach(segment -> segment.inbox.finish());
    }

    /** Marks the segments before {@code index} (at most all) finished; under the lock. */
    private List<Segment> finishBefore(int index) {
        int end = Math.min(index, segments.size());
        if (end <= current) {
            return List.of();
        }
        List<Segment> complete = List.copyOf(segments.subList(current, end));
        current = end;
        return complete;
    }

    /** Ends the context; its unfinished segments fail, or wait for the mover when they may move. */
    private void fail(ProviderException error, boolean lost) {
        List<Segment> open;
        boolean move;
        lock.lock();
        try {
            if (!state.live()) {
                return;
            }
            state = state.next(State.FAILED);
            open = List.copyOf(segments.subList(current, segments.size()));
            failure = open.isEmpty() ? null : error;
            move = lost && current > 0 && !open.isEmpty() && open.stream().allMatch(segment -> segment.bytes == 0);
            movable = move;
        } finally {
            lock.unlock();
        }
        if (move) {
            Thread.ofVirtual().name("cartesia-move").start(() -> mover.move(this));
        } else {
            open.forEach(segment -> segment.inbox.fail(error));
        }
    }

    /**
     * A segment's reader closed its stream. Before its audio ended (a timeout, an overflow, a request
     * given up) the context cannot go on: it is cancelled and the segments after it fail.
     */
    private void released(Segment segment, boolean finished) {
        List<Segment> others;
        ProviderException abandoned = new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, CartesiaProvider.NAME
                + " utterance given up: an earlier segment was closed before its audio ended");
        lock.lock();
        try {
            if (finished || !state.live() || segments.indexOf(segment) < current) {
                return; // over anyway, or Cartesia had finished this segment as its reader closed it
            }
            state = state.next(State.FAILED);
            failure = abandoned;
            others = new ArrayList<>(segments.subList(current, segments.size()));
            others.remove(segment);
            current = segments.size();
        } finally {
            lock.unlock();
        }
        onCall(now -> now.close(false));
        others.forEach(other -> other.inbox.fail(abandoned));
    }

    /** Adds a segment, moved here or new; under the lock. */
    private void attach(Segment segment) {
        segment.owner = this;
        segment.bytes = 0;
        segment.contextTime = null;
        segments.add(segment);
    }

    /** Milliseconds of audio before a segment; under the lock. */
    private long offsetMs(int index) {
        long bytes = segments.subList(0, index).stream().mapToLong(segment -> segment.bytes).sum();
        return Math.round(bytes * MILLIS_PER_SECOND / template.format().bytesPerSecond());
    }

    private ProviderException closed() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, CartesiaProvider.NAME + " request cancelled");
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }
}
