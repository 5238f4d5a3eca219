package io.ttsgateway.provider.link;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.ttsgateway.provider.ProviderException;

/** A route that keeps what it is told, for a test to take in order. */
final class RecordingRoute implements Route {

    /** What {@link #lost} was told. */
    record Loss(ProviderException error, boolean answered) {
    }

    private final String id;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<Loss> losses = new LinkedBlockingQueue<>();
    private volatile Consumer<Frame> onFrame = f -> { };

    RecordingRoute(String id) {
        this.id = id;
    }

    /** Runs on the reader for every frame, before it is recorded. */
    RecordingRoute onFrame(Consumer<Frame> action) {
        this.onFrame = action;
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void accept(Frame frame) {
        onFrame.accept(frame);
        frames.add(frame);
    }

    @Override
    public void lost(ProviderException error, boolean answered) {
        losses.add(new Loss(error, answered));
    }

    Frame frame() throws InterruptedException {
        Frame frame = frames.poll(5, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError(id + " got no frame");
        }
        return frame;
    }

    Loss loss() throws InterruptedException {
        Loss loss = losses.poll(5, TimeUnit.SECONDS);
        if (loss == null) {
            throw new AssertionError(id + " was not lost");
        }
        return loss;
    }

    /** The loss within {@code millis}, or null. */
    Loss pollLoss(long millis) throws InterruptedException {
        return losses.poll(millis, TimeUnit.MILLISECONDS);
    }

    boolean quiet() {
        return frames.isEmpty() && losses.isEmpty();
    }
}
