package io.ttsgateway.provider.net;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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

    private final String provider;
    private final AudioFormat format;
    private final long firstByteNanos;
    private final long stallNanos;
    private final long probeNanos;
    private final Owner owner;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ArrayDeque<WordAlignment> alignments = new ArrayDeque<>();
    private long bufferedBytes;
    private boolean receivedAudio;
    private boolean ended;
    private ProviderException failure;
    private boolean closed;
    /** The provider itself ended or failed the audio: nothing to cancel there. */
    private boolean settled;
    private long lastArrival;
    private volatile Runnable probe;
    private volatile Runnable onTimeout;

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

    /**
     * Sets what the reader does once when the first-byte or stall timeout fails the request:
     * typically retiring the connection, which may be dead without a sign.
     *
     * @param action run on the reading thread outside any lock
     * @return this
     */
    public AudioInbox onTimeout(Runnable action) {
        this.onTimeout = action;
        return this;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    /** Adds audio (the connection's reader); false when the request is closed or ended and it was dropped. */
    public boolean push(byte[] chunk) {
        lock.lock();
        try {
            if (closed || ended || failure != null) {
                return false;
            }
            lastArrival = System.nanoTime();
            if (chunk.length == 0) {
                return true;
            }
            if (bufferedBytes + chunk.length > MAX_BUFFERED_BYTES) {
                failure = new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, provider
                        + " audio is not being read; over " + MAX_BUFFERED_BYTES + " bytes buffered");
                chunks.clear();
                changed.signalAll();
                return false;
            }
            receivedAudio = true;
            chunks.add(chunk);
            bufferedBytes += chunk.length;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Adds word timings, already relative to the start of this request's audio. */
    public void align(WordAlignment alignment) {
        lock.lock();
        try {
            if (!closed && !ended && failure == null && !alignment.isEmpty()) {
                alignments.add(alignment);
                lastArrival = System.nanoTime();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A progress message without audio: resets the stall clock, not the first-byte one. */
    public void touch() {
        lock.lock();
        try {
            if (receivedAudio) {
                lastArrival = System.nanoTime();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The provider ended the audio. Chunks already pushed are still read. */
    public void finish() {
        lock.lock();
        try {
            ended = true;
            settled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The request failed. Chunks already pushed are discarded: a failed request ends with an error. */
    public void fail(ProviderException error) {
        lock.lock();
        try {
            settled = true;
            if (!ended && failure == null) {
                failure = error;
                chunks.clear();
                bufferedBytes = 0;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the provider has ended or failed the audio, or the reader closed the stream. */
    public boolean isDone() {
        lock.lock();
        try {
            return ended || failure != null || closed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether any audio arrived, so a failure now comes after audio that may already be playing. */
    public boolean receivedAudio() {
        lock.lock();
        try {
            return receivedAudio;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        while (true) {
            boolean probeNow = false;
            ProviderException timedOut = null;
            lock.lockInterruptibly();
            try {
                if (failure != null) {
                    throw failure;
                }
                byte[] chunk = chunks.poll();
                if (chunk != null) {
                    bufferedBytes -= chunk.length;
                    return chunk;
                }
                if (ended || closed) {
                    return null;
                }
                long limit = receivedAudio ? stallNanos : firstByteNanos;
                long remaining = lastArrival + limit - System.nanoTime();
                if (remaining <= 0) {
                    timedOut = timeout(limit);
                } else {
                    boolean signalled = changed.awaitNanos(Math.min(remaining, probeNanos)) > 0;
                    probeNow = !signalled && chunks.isEmpty() && !ended && !closed && failure == null
                            && System.nanoTime() - lastArrival >= probeNanos;
                }
            } finally {
                lock.unlock();
            }
            Runnable hook = onTimeout;
            if (timedOut != null && hook != null) {
                hook.run();
            }
            if (timedOut != null) {
                throw timedOut;
            }
            Runnable action = probe;
            if (probeNow && action != null) {
                action.run();
            }
        }
    }

    @Override
    public WordAlignment nextAlignment() {
        lock.lock();
        try {
            return alignments.poll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        boolean finished;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            finished = settled;
            chunks.clear();
            alignments.clear();
            bufferedBytes = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        owner.released(this, finished);
    }

    private ProviderException timeout(long limitNanos) {
        String what = receivedAudio ? "no audio" : "no first audio byte";
        ProviderException e = new ProviderException(ProviderErrorKind.TIMEOUT, ProviderException.NO_STATUS, provider
                + " sent " + what + " for " + TimeUnit.NANOSECONDS.toMillis(limitNanos) + " ms", null);
        failure = e;
        return e;
    }
}
