package io.ttsgateway;

import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * A provider stream a test feeds by hand: {@link #read()} blocks until the test gives a chunk, the
 * end or a failure; {@link #close()} is recorded and makes a blocked read fail at once, as a real
 * provider's does.
 */
public final class ScriptedStream implements AudioStream {

    private static final Object END = new Object();
    private static final Object CLOSED = new Object();

    private final BlockingDeque<Object> script = new LinkedBlockingDeque<>();
    private final java.util.Queue<io.ttsgateway.provider.WordAlignment> timings =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AudioFormat format;
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);

    /**
     * A stream of 16 kHz PCM.
     */
    public ScriptedStream() {
        this(AudioFormat.pcm(16000));
    }

    /**
     * A stream in a format.
     *
     * @param format what {@link #format()} says
     */
    public ScriptedStream(AudioFormat format) {
        this.format = format;
    }

    /**
     * Word timings the reader gets from {@link #nextAlignment()} from now on.
     *
     * @param words the timings
     * @return this stream
     */
    public ScriptedStream align(io.ttsgateway.provider.WordAlignment words) {
        timings.add(words);
        return this;
    }

    @Override
    public io.ttsgateway.provider.WordAlignment nextAlignment() {
        return timings.poll();
    }

    /**
     * Gives the reader chunks.
     *
     * @param chunks the chunks, in order
     * @return this stream
     */
    public ScriptedStream feed(byte[]... chunks) {
        for (byte[] chunk : chunks) {
            script.add(chunk);
        }
        return this;
    }

    /**
     * Ends the audio: the read after the chunks fed returns {@code null}.
     */
    public void end() {
        script.add(END);
    }

    /**
     * Fails the audio: the read after the chunks fed throws.
     *
     * @param failure what the read throws
     */
    public void fail(ProviderException failure) {
        script.add(failure);
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        reads.incrementAndGet();
        Object next = script.take();
        if (next == CLOSED) {
            script.addFirst(CLOSED);
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, "stream closed");
        }
        if (next instanceof ProviderException failure) {
            throw failure;
        }
        return next == END ? null : (byte[]) next;
    }

    @Override
    public void close() {
        if (closes.incrementAndGet() == 1) {
            script.addFirst(CLOSED);
            closed.countDown();
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    /**
     * Waits, with a bound, until the stream is closed.
     *
     * @return true when it was closed in time
     * @throws InterruptedException when interrupted
     */
    public boolean awaitClosed() throws InterruptedException {
        return closed.await(Threads.BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * How many times {@link #read()} was called, by any reader.
     *
     * @return the calls
     */
    public int reads() {
        return reads.get();
    }
}
