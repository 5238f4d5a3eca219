package io.ttsgateway.session.playout;

import java.time.Duration;

import io.ttsgateway.audio.AudioFormat;

/**
 * How far a session's audio may run ahead of a client's playback, and how much audio one frame
 * carries.
 *
 * @param lead  audio sent beyond what the client has had time to play; zero: no pacing
 * @param frame audio per WebSocket frame; zero: chunks go out as the provider made them
 */
public record PlayoutSettings(Duration lead, Duration frame) {

    /** Neither paced nor cut: audio goes out as it comes. */
    public static final PlayoutSettings OFF = new PlayoutSettings(Duration.ZERO, Duration.ZERO);

    /**
     * Validates the durations.
     *
     * @param lead  not negative
     * @param frame not negative
     */
    public PlayoutSettings {
        if (lead.isNegative() || frame.isNegative()) {
            throw new IllegalArgumentException("lead and frame must not be negative");
        }
    }

    /**
     * Bytes of one frame in a format: whole samples, at least one.
     *
     * @param format the audio's format
     * @return bytes per frame; 0 when frames are not cut
     */
    public int frameBytes(AudioFormat format) {
        if (frame.isZero()) {
            return 0;
        }
        int sample = format.bytesPerSecond() / format.sampleRate();
        long bytes = frame.toNanos() * format.bytesPerSecond() / 1_000_000_000L;
        return (int) Math.max(sample, Math.min(Integer.MAX_VALUE, bytes - bytes % sample));
    }

    /**
     * A new clock for one request, counting from its first frame.
     *
     * @return its playout clock
     */
    public PlayoutClock clock() {
        return new PlayoutClock(lead.toNanos());
    }
}
