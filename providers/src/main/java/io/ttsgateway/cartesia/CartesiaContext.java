package io.ttsgateway.cartesia;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.link.Call;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.Route;

/**
 * One {@code context_id} at Cartesia: its state, segments, last sign of life and call. The link's frames
 * and loss go to the utterance, whose monitor guards the state and timeline.
 */
final class CartesiaContext implements Route {

    /** Cartesia expires a context 1 s after its last audio: one quiet this long gets no more inputs. */
    static final Duration REUSE_LIMIT = Duration.ofMillis(500);

    /** OPEN takes inputs, ENDING had its final one; it ends DONE, FAILED or CLOSED. */
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

    private final String id = UUID.randomUUID().toString();
    private final CartesiaTimeline timeline;
    private final BiConsumer<CartesiaContext, Frame> frames;
    private final BiConsumer<CartesiaContext, ProviderException> losses;
    private State state = State.OPEN;
    private long lastHeard = System.nanoTime();
    private volatile Call call;

    CartesiaContext(AudioFormat format, BiConsumer<CartesiaContext, Frame> frames,
                    BiConsumer<CartesiaContext, ProviderException> losses) {
        this.timeline = new CartesiaTimeline(format);
        this.frames = frames;
        this.losses = losses;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void accept(Frame frame) {
        frames.accept(this, frame);
    }

    @Override
    public void lost(ProviderException error, boolean answered) {
        losses.accept(this, error);
    }

    State state() {
        return state;
    }

    void moveTo(State wanted) {
        state = state.next(wanted);
    }

    CartesiaTimeline timeline() {
        return timeline;
    }

    Call call() {
        return call;
    }

    void call(Call started) {
        call = started;
    }

    /** Adds a segment and writes its input and flush (or, whole, its final input). */
    List<String> add(CartesiaTimeline.Segment segment, CartesiaGeneration template, boolean whole) {
        timeline.add(segment);
        return whole ? List.of(template.message(id, segment.text(), false, false))
                : List.of(template.message(id, segment.text(), true, false), template.message(id, "", true, true));
    }

    /** Routes a frame of this live context to its segments; {@code done} ends it. */
    void heard(Frame frame, boolean timestamps) {
        lastHeard = System.nanoTime();
        if (timeline.accept(frame, timestamps)) {
            moveTo(State.DONE);
        }
    }

    /** Whether it is open with all its audio out and quiet past the reuse limit, so may have expired. */
    boolean expiring() {
        return state == State.OPEN && timeline.finished() && System.nanoTime() - lastHeard > REUSE_LIMIT.toNanos();
    }

    /** Whether Cartesia may still be generating for it. */
    boolean generating() {
        return state == State.OPEN || state == State.ENDING && !timeline.finished();
    }
}
