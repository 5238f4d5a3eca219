package io.ttsgateway.loadgen.streams;

import java.util.ArrayList;
import java.util.List;

/**
 * What a listener with a jitter buffer hears of one stream: playing starts a fixed buffer time
 * after the first byte arrived, and a stutter is each time the played-out position catches up with
 * the audio received so far before the stream's last byte arrived. After a stutter, playing
 * resumes as soon as more audio arrives (no new buffering), as a player that plays what it has.
 *
 * <p>Arrivals are fed in order with their own stamps, so when they are read changes nothing. Used
 * by one thread.
 */
public final class Playout {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long bufferNanos;
    private final long bytesPerSecond;
    private boolean started;
    /** When the current uninterrupted stretch of playing began (or begins). */
    private long stretchStart;
    /** Audio bytes received for the current stretch, including what was buffered before it. */
    private long stretchBytes;
    /** When the listener ran dry, once per stutter. */
    private final List<Long> dryTimes = new ArrayList<>();
    private long silentNanos;

    /**
     * A listener.
     *
     * @param bufferNanos    how long after the first byte playing starts
     * @param bytesPerSecond the audio's byte rate (48,000 for 24 kHz 16-bit mono PCM)
     */
    public Playout(long bufferNanos, long bytesPerSecond) {
        if (bufferNanos < 0 || bytesPerSecond <= 0) {
            throw new IllegalArgumentException("buffer must be >= 0 and the byte rate > 0");
        }
        this.bufferNanos = bufferNanos;
        this.bytesPerSecond = bytesPerSecond;
    }

    /**
     * Audio arrived.
     *
     * @param at    its arrival, {@link System#nanoTime()}
     * @param bytes how much
     */
    public void arrived(long at, int bytes) {
        if (bytes <= 0) {
            return;
        }
        if (!started) {
            started = true;
            stretchStart = at + bufferNanos;
            stretchBytes = bytes;
            return;
        }
        long dryAt = dryAt();
        if (at - dryAt > 0) {
            dryTimes.add(dryAt);
            silentNanos += at - dryAt;
            stretchStart = at;
            stretchBytes = bytes;
        } else {
            stretchBytes += bytes;
        }
    }

    /**
     * When playing runs out of the audio received so far.
     *
     * @return nano time; meaningless before the first arrival
     */
    public long dryAt() {
        return stretchStart + stretchBytes * NANOS_PER_SECOND / bytesPerSecond;
    }

    /**
     * How many times the listener heard the audio stop before the stream ended.
     *
     * @return stutter events so far
     */
    public int stutters() {
        return dryTimes.size();
    }

    /**
     * When the listener ran dry, once per stutter: what to line up with the pauses of the processes
     * the audio went through.
     *
     * @return {@link System#nanoTime()} instants, oldest first
     */
    public List<Long> dryTimes() {
        return List.copyOf(dryTimes);
    }

    /**
     * How long the listener heard silence inside the stream, summed over its stutters.
     *
     * @return nanoseconds
     */
    public long silentNanos() {
        return silentNanos;
    }
}
