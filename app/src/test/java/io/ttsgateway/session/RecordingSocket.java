package io.ttsgateway.session;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.WsSession;

import io.ttsgateway.Threads;

/**
 * A client socket that takes every frame at once and lets the test read them in order, as
 * {@code text:<message>}, {@code binary:<bytes>}, {@code ping}, {@code pong:<bytes>} or
 * {@code close:<code>}.
 */
final class RecordingSocket implements WsSession {

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    /** Told each text message on the writing thread, as it is written. */
    private volatile Consumer<String> onText = text -> { };

    /**
     * Has each text message handed to {@code check} on the writing thread, as it is written.
     *
     * @param check what to run
     */
    void onText(Consumer<String> check) {
        onText = check;
    }

    /**
     * The next frame written, waiting for it within {@link Threads#BOUND}.
     *
     * @return the frame
     * @throws AssertionError when none was written in time
     */
    String next() throws InterruptedException {
        String frame = frames.poll(Threads.BOUND.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + Threads.BOUND);
        }
        return frame;
    }

    /**
     * The next frame that is not audio.
     *
     * @return the frame
     */
    String nextText() throws InterruptedException {
        String frame;
        do {
            frame = next();
        } while (frame.startsWith("binary:"));
        return frame;
    }

    /**
     * A frame already written and not read yet, without waiting.
     *
     * @return the frame, or {@code null}
     */
    String poll() {
        return frames.poll();
    }

    @Override
    public WsSession send(String text, boolean last) {
        onText.accept(text);
        frames.add("text:" + text);
        return this;
    }

    @Override
    public WsSession send(BufferData bufferData, boolean last) {
        frames.add("binary:" + bufferData.available());
        return this;
    }

    @Override
    public WsSession ping(BufferData bufferData) {
        frames.add("ping");
        return this;
    }

    @Override
    public WsSession pong(BufferData bufferData) {
        frames.add("pong:" + bufferData.available());
        return this;
    }

    @Override
    public WsSession close(int code, String reason) {
        frames.add("close:" + code);
        return this;
    }

    @Override
    public WsSession terminate() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SocketContext socketContext() {
        throw new UnsupportedOperationException();
    }
}
