package io.ttsgateway.provider.net;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.WordAlignment;

/**
 * The audio of one request: the connection's reader pushes chunks, the request's thread pulls them,
 * within the first-byte and stall timeouts. What arrives after a cancel is dropped, so it can never
 * reach a client or the cache.
 */
public final class AudioInbox implements AudioStream {

    /** Longest wait before probing: the JDK's WebSocket misses a cut connection until something is sent. */
    public static final Duration MAX_PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final long MIN_PROBE_NANOS = Duration.ofMillis(25).toNanos();
    /** Probes per timeout: a dead socket takes up to three writes to fail. */
    private static final int PROBES_PER_TIMEOUT = 8;

    /** Audio held for a reader that does not read, before the request fails instead of growing. */
    public static final long MAX_BUFFERED_BYTES = 32L * 1024 * 1024;

    /** Told when the reader closes the stream, so the connection forgets (or cancels) the request. */
    @FunctionalInterface
    public interface Owner {
        /** The reader closed the stream; {@code finished} false: cancelled or timed out, stop it at the provider. */
        void released(AudioInbox inbox, boolean finished);
    }

    /**
     * OPEN takes audio; the provider ENDED or FAILED it; we ABANDONED it (timeout, unread audio: still
     * running at the provider); the reader CLOSED it. Changes only through {@link #move}.
     */
    enum State {
        OPEN, ENDED, FAILED, ABANDONED, CLOSED;

        State next(State wanted) {
            return switch (this) {
                case OPEN -> wanted;
                case ABANDONED -> wanted == CLOSED ? CLOSED : wanted == OPEN ? this : FAILED; // settled, error kept
                case ENDED, FAILED -> wanted == CLOSED ? CLOSED : this;
                case CLOSED -> this;
            };
        }
    }

    private final String provider;
    private final AudioFormat format;
    private final long firstByteNanos;
    private final long stallNanos;
    private final long probeNanos;
    private final Owner owner;
    /** Guarded by this, like everything below. */
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ArrayDeque<WordAlignment> alignments = new ArrayDeque<>();
    private State state = State.OPEN;
    private long bufferedBytes;
    private boolean receivedAudio;
    private ProviderException failure;
    private long lastArrival;
    private volatile Runnable probe = () -> { };
    private volatile Runnable onTimeout = () -> { };

    /** Creates the inbox of a request that was just sent (the first-byte clock starts now). */
    public AudioInbox(String provider, AudioFormat format, ProviderTimeouts timeouts, Owner owner) {
        this.provider = provider;
        this.format = format;
        this.firstByteNanos = timeouts.firstByte().toNanos();
        this.stallNanos = timeouts.stall().toNanos();
        this.probeNanos = Math.max(MIN_PROBE_NANOS, Math.min(MAX_PROBE_INTERVAL.toNanos(),
                                                             Math.min(firstByteNanos, stallNanos) / PROBES_PER_TIMEOUT));
        this.owner = owner;
        this.lastArrival = System.nanoTime();
    }

    /**
     * What a waiting reader runs, outside the lock, after each eighth of the shorter timeout (at most
     * {@link #MAX_PROBE_INTERVAL}) without audio: a ping, whose failure fails this inbox.
     */
    public AudioInbox probeWith(Runnable action) {
        this.probe = action;
        return this;
    }

    /** Sets what the reader runs once, outside the lock, when a timeout fails the request: typically retiring the connection. */
    public AudioInbox onTimeout(Runnable action) {
        this.onTimeout = action;
        return this;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    /** Adds audio (the connection's reader); false when the request is closed or ended and it was dropped. */
    public synchronized boolean push(byte[] chunk) {
        if (state != State.OPEN) {
            return false;
        }
        lastArrival = System.nanoTime();
        if (bufferedBytes + chunk.length > MAX_BUFFERED_BYTES) {
            abandon(new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, provider
                    + " audio is not being read; over " + MAX_BUFFERED_BYTES + " bytes buffered"));
            return false;
        }
        if (chunk.length > 0) {
            receivedAudio = true;
            chunks.add(chunk);
            bufferedBytes += chunk.length;
            notifyAll();
        }
        return true;
    }

    /** Adds word timings, already relative to the start of this request's audio. */
    public synchronized void align(WordAlignment alignment) {
        if (state == State.OPEN && !alignment.isEmpty()) {
            alignments.add(alignment);
            lastArrival = System.nanoTime();
        }
    }

    /** A progress message without audio: resets the stall clock, not the first-byte one. */
    public synchronized void touch() {
        if (receivedAudio) {
            lastArrival = System.nanoTime();
        }
    }

    /** The provider ended the audio. Chunks already pushed are still read. */
    public synchronized void finish() {
        move(State.ENDED);
    }

    /** The request failed. Chunks already pushed are discarded: a failed request ends with an error. */
    public synchronized void fail(ProviderException error) {
        if (state == State.OPEN) {
            failure = error;
            chunks.clear();
            bufferedBytes = 0;
        }
        move(State.FAILED);
    }

    /** Whether the provider has ended or failed the audio, or the reader closed the stream. */
    public synchronized boolean isDone() {
        return state != State.OPEN;
    }

    /** Whether any audio arrived, so a failure now comes after audio that may already be playing. */
    public synchronized boolean receivedAudio() {
        return receivedAudio;
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        while (true) {
            boolean probeNow;
            ProviderException timedOut = null;
            synchronized (this) {
                if (failure != null) {
                    throw failure;
                }
                byte[] chunk = chunks.poll();
                if (chunk != null) {
                    bufferedBytes -= chunk.length;
                    return chunk;
                }
                if (state != State.OPEN) {
                    return null;
                }
                long limit = receivedAudio ? stallNanos : firstByteNanos;
                long remaining = lastArrival + limit - System.nanoTime();
                if (remaining <= 0) {
                    timedOut = timeout(limit);
                    abandon(timedOut);
                } else {
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(remaining, probeNanos));
                }
                probeNow = state == State.OPEN && chunks.isEmpty() && System.nanoTime() - lastArrival >= probeNanos;
            }
            if (timedOut != null) {
                onTimeout.run();
                throw timedOut;
            }
            if (probeNow) {
                probe.run();
            }
        }
    }

    @Override
    public synchronized WordAlignment nextAlignment() {
        return alignments.poll();
    }

    @Override
    public void close() {
        boolean finished;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            finished = state == State.ENDED || state == State.FAILED;
            move(State.CLOSED);
            chunks.clear();
            alignments.clear();
            bufferedBytes = 0;
        }
        owner.released(this, finished);
    }

    /** The one place the state changes; holds the monitor. */
    private void move(State wanted) {
        State next = state.next(wanted);
        if (next != state) {
            state = next;
            notifyAll();
        }
    }

    /** Fails the request on our side: it still runs at the provider, so a close cancels it. */
    private void abandon(ProviderException error) {
        failure = error;
        chunks.clear();
        move(State.ABANDONED);
    }

    private ProviderException timeout(long limitNanos) {
        String what = receivedAudio ? "no audio" : "no first audio byte";
        return new ProviderException(ProviderErrorKind.TIMEOUT, ProviderException.NO_STATUS, provider
                + " sent " + what + " for " + TimeUnit.NANOSECONDS.toMillis(limitNanos) + " ms", null);
    }
}
