package io.ttsgateway.session;

import java.time.Duration;

import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.observe.ProviderFailureLog;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.session.playout.PlayoutSettings;
import io.ttsgateway.session.producer.ChunkBuffer;
import io.ttsgateway.session.protocol.GatewayError;
import io.ttsgateway.session.protocol.ServerMessages.Status;
import io.ttsgateway.session.protocol.ServerMessages;
import io.ttsgateway.synthesis.AudioSource;
import io.ttsgateway.synthesis.ClientEncoder;

/**
 * Moves one request's audio and word timings from its buffer into the session's {@link Outbound}
 * through a {@link PacedOutput} (framed, and held to the client's playback from the request's first
 * byte), and says how the request ended. Runs on the session's delivery thread, one request at a time; a provider that
 * sends nothing for the stall timeout fails the request.
 */
final class Delivery {

    /**
     * How a request ended, to be told in its {@code done}.
     *
     * @param status how it ended
     * @param error  why it failed, for {@link Status#FAILED} only
     */
    record Outcome(Status status, GatewayError error) {
    }

    private final Outbound outbound;
    private final ServerMessages messages;
    private final GatewayMetrics metrics;
    private final long stallNanos;
    private final PlayoutSettings playout;

    Delivery(Outbound outbound, ServerMessages messages, GatewayMetrics metrics, Duration stallTimeout,
             PlayoutSettings playout) {
        this.outbound = outbound;
        this.messages = messages;
        this.metrics = metrics;
        this.stallNanos = stallTimeout.toNanos();
        this.playout = playout;
    }

    /**
     * Streams one request until its buffer ends, fails, is cancelled or stalls.
     *
     * @param job the request at the head of the queue
     * @return how it ended
     */
    Outcome deliver(SynthesisJob job) {
        long servable = System.nanoTime();
        PacedOutput output = output(job, servable);
        Status status;
        GatewayError error = null;
        try {
            loop:
            while (true) {
                ChunkBuffer.Event event = job.buffer().take(stallNanos);
                switch (event.kind()) {
                case AUDIO -> output.audio(event.chunk());
                case ALIGNMENT -> output.alignment(event.alignment());
                case END -> {
                    output.finish();
                    status = Status.COMPLETED;
                    break loop;
                }
                case FAILED -> {
                    output.finish();
                    status = Status.FAILED;
                    error = event.error();
                    break loop;
                }
                case CANCELLED -> {
                    status = Status.CANCELLED;
                    break loop;
                }
                case STALLED -> {
                    if (job.awaitingInput()) {
                        continue; // streaming input is quiet, not the provider; its feed has its own timeout
                    }
                    job.stop();
                    status = Status.FAILED;
                    error = GatewayError.stalled(stallNanos);
                    ProviderFailureLog.failed(job.source(), error.code().wireName(), job.requestId(), servable,
                                              error.message());
                    break loop;
                }
                default -> throw new IllegalStateException("unknown event " + event.kind());
                }
            }
        } catch (InterruptedException e) {
            job.stop();
            status = Status.CANCELLED;
        }
        if (job.isCancelled() && status != Status.FAILED) {
            status = Status.CANCELLED;
        }
        return new Outcome(status, status == Status.FAILED ? error : null);
    }

    /**
     * Serves a cache hit on this thread, from its file through the {@link PacedOutput} to the
     * socket: no synthesis thread to start and no hand-over through the request's buffer before the
     * first byte. A local file cannot stall, so there is no stall timeout; a read that fails (the
     * entry was found corrupt, and removed) fails the request, as it does on a synthesis thread.
     *
     * @param job the request at the head of the queue, not started
     * @param hit its audio, from {@link SynthesisJob#openCached}; closed here
     * @param servable when the request reached the head of its queue, before its lookup
     * @return how it ended
     */
    Outcome deliverCached(SynthesisJob job, AudioSource hit, long servable) {
        PacedOutput output = output(job, servable);
        ClientEncoder encoder = new ClientEncoder(job.format());
        try (hit) {
            for (byte[] chunk = hit.read(); chunk != null && !job.isCancelled(); chunk = hit.read()) {
                byte[] audio = encoder.encode(chunk, hit.format());
                if (audio.length > 0) {
                    output.audio(audio);
                }
            }
            byte[] tail = job.isCancelled() ? new byte[0] : encoder.finish();
            if (tail.length > 0) {
                output.audio(tail);
            }
            output.finish();
        } catch (ProviderException e) {
            GatewayError error = GatewayError.of(e);
            metrics.providerFailure(job.providerName(), error.code().wireName());
            ProviderFailureLog.failed(job.providerName(), error.code().wireName(), job.requestId(), servable,
                                      error.message());
            job.trace().providerFailed(job.providerName(), error.code().wireName(), servable);
            return new Outcome(Status.FAILED, error);
        } catch (InterruptedException e) {
            job.stop();
        }
        if (job.isCancelled()) {
            return new Outcome(Status.CANCELLED, null);
        }
        job.trace().synthesisEnded("completed", null);
        return new Outcome(Status.COMPLETED, null);
    }

    /** A clock per request, counted from its first byte: a reply is never held for the one before. */
    private PacedOutput output(SynthesisJob job, long servable) {
        return new PacedOutput(job, outbound, messages, metrics, playout.clock(), playout.frameBytes(job.format()),
                               servable);
    }
}
