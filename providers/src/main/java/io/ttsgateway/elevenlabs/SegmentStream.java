package io.ttsgateway.elevenlabs;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * The audio of one segment of an utterance ({@link ContextSegments}). Its inbox is created when the
 * segment becomes the one the context's audio goes to, that is when the segment before it is
 * complete: its first-byte clock then measures the provider's delay for this segment, not the time
 * the segment before it took to generate. Until then the segment only waits; a reader never gets
 * there before, since it reads segments in order, but such a wait is bounded by the first-byte
 * timeout all the same.
 *
 * <p>State fields are guarded by the owner's lock ({@link #lock}), so the owner routes audio,
 * completes and fails segments under one lock.
 */
final class SegmentStream implements AudioStream {

    private final ContextSegments owner;
    private final ReentrantLock lock;
    private final Condition changed;
    private final AudioFormat format;
    private final ProviderTimeouts timeouts;
    /** Spoken characters of the utterance up to the end of this segment. */
    private final long endChars;
    private final WordAligner aligner;
    private final int bytesPerSecond;
    private AudioInbox inbox;
    private ProviderException failure;
    private boolean ended;
    private boolean closed;
    private long deliveredBytes;
    /** Whether the alignment marked this segment's end (else the context's end did). */
    private boolean aligned;

    /**
     * Creates a segment that is not active yet.
     *
     * @param owner      the utterance
     * @param lock       the utterance's lock
     * @param format     the format ElevenLabs sends
     * @param timeouts   first-byte and stall timeouts
     * @param endChars   spoken characters of the utterance up to the end of this segment
     * @param timestamps whether word timings are wanted
     */
    SegmentStream(ContextSegments owner, ReentrantLock lock, AudioFormat format, ProviderTimeouts timeouts,
                  long endChars, boolean timestamps) {
        this.owner = owner;
        this.lock = lock;
        this.changed = lock.newCondition();
        this.format = format;
        this.timeouts = timeouts;
        this.endChars = endChars;
        this.aligner = timestamps ? new WordAligner() : null;
        this.bytesPerSecond = format.bytesPerSecond();
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        AudioInbox active = awaitActive();
        return active == null ? null : active.read();
    }

    @Override
    public WordAlignment nextAlignment() {
        AudioInbox active;
        lock.lock();
        try {
            active = inbox;
        } finally {
            lock.unlock();
        }
        return active == null ? null : active.nextAlignment();
    }

    @Override
    public void close() {
        AudioInbox active;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            active = inbox;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (active != null) {
            // Tells the owner, through AudioInbox.Owner, whether the segment was complete.
            active.close();
        } else {
            owner.abandoned();
        }
    }

    long endChars() {
        return endChars;
    }

    /**
     * Makes this the segment the context's audio goes to. Under the lock.
     *
     * @return false when the reader closed it already
     */
    boolean activate() {
        if (closed || inbox != null) {
            return !closed;
        }
        inbox = new AudioInbox(ElevenLabsProvider.NAME, format, timeouts, owner);
        if (failure != null) {
            inbox.fail(failure);
        } else if (ended) {
            inbox.finish();
        }
        changed.signalAll();
        return true;
    }

    /**
     * Adds audio. Under the lock; the segment is active.
     *
     * @param audio     the bytes
     * @param alignment their character timings, or {@code null}
     */
    void push(byte[] audio, CharAlignment alignment) {
        if (inbox == null) {
            return;
        }
        long offsetMs = deliveredBytes * 1000 / bytesPerSecond;
        deliveredBytes += audio.length;
        inbox.push(audio);
        if (aligner != null && alignment != null && !alignment.isEmpty()) {
            align(aligner.add(alignment, offsetMs));
        }
    }

    /**
     * Notes progress without audio. Under the lock.
     */
    void touch() {
        if (inbox != null) {
            inbox.touch();
        }
    }

    /**
     * Ends the segment: its audio is complete (or, when it never became active, it has none).
     * Under the lock.
     */
    /**
     * Records that the alignment covered exactly this segment's text, so its audio is its own.
     */
    void markAligned() {
        aligned = true;
    }

    /**
     * Only a segment whose end the alignment marked may be cached: without timings, the context's
     * end closes it, and its audio may hold later segments' speech too.
     */
    @Override
    public boolean cacheable() {
        lock.lock();
        try {
            return aligned;
        } finally {
            lock.unlock();
        }
    }

    void complete() {
        ended = true;
        if (inbox != null) {
            if (aligner != null) {
                align(aligner.finish());
            }
            inbox.finish();
        }
        changed.signalAll();
    }

    /**
     * Fails the segment. Under the lock.
     *
     * @param error why
     */
    void fail(ProviderException error) {
        if (failure == null && !ended) {
            failure = error;
        }
        if (inbox != null) {
            inbox.fail(error);
        }
        changed.signalAll();
    }

    private AudioInbox awaitActive() throws ProviderException, InterruptedException {
        long remaining = timeouts.firstByte().toNanos();
        lock.lockInterruptibly();
        try {
            while (inbox == null) {
                if (failure != null) {
                    throw failure;
                }
                if (ended || closed) {
                    return null;
                }
                if (remaining <= 0) {
                    throw new ProviderException(ProviderErrorKind.TIMEOUT, ProviderException.NO_STATUS,
                                                ElevenLabsProvider.NAME + " sent no audio for the segment before "
                                                        + "this one within " + timeouts.firstByte().toMillis()
                                                        + " ms", null);
                }
                remaining = changed.awaitNanos(remaining);
            }
            return inbox;
        } finally {
            lock.unlock();
        }
    }

    private void align(WordAlignment words) {
        if (!words.isEmpty()) {
            inbox.align(words);
        }
    }
}
