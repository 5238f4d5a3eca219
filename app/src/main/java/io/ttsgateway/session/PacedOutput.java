package io.ttsgateway.session;

import java.time.Duration;

import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.session.playout.AudioFramer;
import io.ttsgateway.session.playout.PlayoutClock;
import io.ttsgateway.session.protocol.ServerMessages;

/**
 * One request's messages on their way to the session's {@link Outbound}: its {@code start} before
 * anything else, its audio cut into frames ({@link AudioFramer}), each frame sent when the
 * request's {@link PlayoutClock} lets it, and its word timings in order with the audio. Waits for
 * the clock are bounded by a frame's audio and end at once on a cancel. Used by the session's
 * delivery thread, for one request.
 */
final class PacedOutput {

    /** How far the request has got on the socket. */
    enum Progress {
        /** Nothing of it is queued yet: the next message goes after its {@code start}. */
        NOTHING_SENT,
        /** Its {@code start} is queued, but no audio. */
        STARTED,
        /** Audio of it is queued. */
        AUDIO_SENT;

        Progress next(boolean audio) {
            return audio ? AUDIO_SENT : this == NOTHING_SENT ? STARTED : this;
        }
    }

    private final SynthesisJob job;
    private final Outbound outbound;
    private final ServerMessages messages;
    private final GatewayMetrics metrics;
    private final PlayoutClock clock;
    private final AudioFramer framer;
    private final long servable;
    private Progress progress = Progress.NOTHING_SENT;

    /**
     * @param servable when the request reached the head of its queue, for its first-byte time
     */
    PacedOutput(SynthesisJob job, Outbound outbound, ServerMessages messages, GatewayMetrics metrics,
                PlayoutClock clock, int frameBytes, long servable) {
        this.job = job;
        this.outbound = outbound;
        this.messages = messages;
        this.metrics = metrics;
        this.clock = clock;
        this.framer = new AudioFramer(job.format(), frameBytes);
        this.servable = servable;
    }

    /**
     * Sends a chunk of audio as frames, with whatever audio is already behind it in the buffer.
     * Stops the request when its socket is gone.
     */
    void audio(byte[] chunk) throws InterruptedException {
        framer.add(chunk);
        while (framer.hasFrame() && !job.isCancelled()) {
            for (byte[] more; framer.wantsMore() && (more = job.buffer().pollAudio()) != null; ) {
                framer.add(more);
            }
            byte[] frame = framer.next();
            if (!awaitPlayback(frame.length) || !send(frame)) {
                return;
            }
        }
    }

    /**
     * Sends word timings after the audio before them; part of a sample may stay behind.
     */
    void alignment(WordAlignment alignment) throws InterruptedException {
        if (job.isCancelled()) {
            return;
        }
        String timings = messages.alignment(job.requestId(), alignment);
        if (outbound.text(job, progress == Progress.NOTHING_SENT ? start() : null, timings)) {
            progress = progress.next(false);
        } else if (!job.isCancelled()) {
            job.stop(); // the socket is gone
        }
    }

    /**
     * Sends what is left at the request's end (at most part of a sample), unheld.
     */
    void finish() throws InterruptedException {
        byte[] rest = framer.rest();
        if (rest != null && !job.isCancelled()) {
            send(rest);
        }
    }

    /** Waits until the client's playback leaves room for a frame; false when cancelled meanwhile. */
    private boolean awaitPlayback(int bytes) throws InterruptedException {
        long wait;
        while ((wait = clock.waitNanos(System.nanoTime(), bytes, job.format())) > 0) {
            if (job.buffer().awaitCancel(wait)) {
                return false; // what was held is dropped with the request
            }
        }
        return !job.isCancelled();
    }

    private boolean send(byte[] frame) throws InterruptedException {
        if (!outbound.audio(job, progress == Progress.NOTHING_SENT ? start() : null, frame)) {
            if (!job.isCancelled()) {
                job.stop(); // the socket is gone
            }
            return false;
        }
        clock.sent(System.nanoTime(), frame.length, job.format());
        job.meter().audio(frame.length);
        if (progress != Progress.AUDIO_SENT) {
            metrics.firstByte(Duration.ofNanos(System.nanoTime() - servable), job.source());
            job.trace().firstByte(job.source());
        }
        progress = progress.next(true);
        return true;
    }

    private String start() {
        return messages.start(job.requestId(), job.format().toString(), job.source());
    }
}
