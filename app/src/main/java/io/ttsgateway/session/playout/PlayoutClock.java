package io.ttsgateway.session.playout;

import io.ttsgateway.audio.AudioFormat;

/**
 * Where a client's playback of a request's audio is, as if it played every byte as soon as it
 * could: from when it arrives, after what it had before. A frame may go when the client would
 * then hold at most {@code lead} unplayed, so audio sent never exceeds the bytes of the time since
 * the first frame plus the lead, and a cancel wastes at most the lead. A client with nothing left
 * to play always gets the next frame at once: a fast source fills the lead at once and first audio
 * is not held. One per request, used by the session's delivery thread.
 */
public final class PlayoutClock {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long leadNanos;
    /** When the client finishes playing what it was sent; {@link Long#MIN_VALUE}: nothing sent. */
    private long playedOutAt = Long.MIN_VALUE;

    PlayoutClock(long leadNanos) {
        this.leadNanos = leadNanos;
    }

    /**
     * How long a frame must wait before it goes.
     *
     * @param now    {@link System#nanoTime()}
     * @param bytes  the frame's audio
     * @param format the audio's format
     * @return nanoseconds to wait; 0: send now
     */
    public long waitNanos(long now, int bytes, AudioFormat format) {
        if (leadNanos == 0 || playedOutAt <= now) {
            return 0; // the client has played everything: even a frame longer than the lead goes
        }
        long room = Math.max(0, leadNanos - nanos(bytes, format)); // unplayed audio the frame may join
        return Math.max(0, playedOutAt - room - now);
    }

    /**
     * Counts a frame sent.
     *
     * @param now    when it went
     * @param bytes  its audio
     * @param format the audio's format
     */
    public void sent(long now, int bytes, AudioFormat format) {
        playedOutAt = Math.max(playedOutAt, now) + nanos(bytes, format);
    }

    private static long nanos(int bytes, AudioFormat format) {
        return bytes * NANOS_PER_SECOND / format.bytesPerSecond();
    }
}
