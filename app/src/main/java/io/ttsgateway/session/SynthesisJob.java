package io.ttsgateway.session;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.synthesis.AudioSource;
import io.ttsgateway.synthesis.Synthesizer;

/**
 * One request of a session: its synthesis thread fills a {@link ChunkBuffer} that the session's
 * delivery thread drains to the socket.
 */
final class SynthesisJob {

    private static final Logger LOGGER = Logger.getLogger(SynthesisJob.class.getName());

    private final String requestId;
    private final SynthesisRequest request;
    private final ChunkBuffer buffer;
    private volatile boolean cancelled;
    private volatile boolean fromCache;
    private volatile Thread producer;
    private volatile AudioSource source;

    SynthesisJob(String requestId, SynthesisRequest request, long bufferBytes) {
        this.requestId = requestId;
        this.request = request;
        this.buffer = new ChunkBuffer(bufferBytes);
    }

    /**
     * The client's id for this request.
     *
     * @return the id, or {@code null} when the client gave none
     */
    String requestId() {
        return requestId;
    }

    SynthesisRequest request() {
        return request;
    }

    ChunkBuffer buffer() {
        return buffer;
    }

    boolean isCancelled() {
        return cancelled;
    }

    boolean fromCache() {
        return fromCache;
    }

    boolean started() {
        return producer != null;
    }

    /**
     * Starts synthesis on a new virtual thread. Called by the session under its queue lock.
     */
    void start(Synthesizer synthesizer) {
        producer = Thread.ofVirtual().name("tts-synthesis").start(() -> produce(synthesizer));
    }

    /**
     * Cancels: marks the job under the socket's write lock (so no audio of it is written after this
     * returns), then stops synthesis and frees the buffer. Safe from any thread, idempotent.
     */
    void cancel(SocketWriter writer) {
        writer.underLock(() -> cancelled = true);
        stop();
    }

    /**
     * Stops synthesis without touching the socket: the socket is gone or the job already failed.
     */
    void stop() {
        cancelled = true;
        buffer.cancel();
        AudioSource open = source;
        if (open != null) {
            open.abort();
        }
        Thread thread = producer;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void produce(Synthesizer synthesizer) {
        try (AudioSource opened = synthesizer.open(request)) {
            source = opened;
            fromCache = opened.cached();
            if (cancelled) {
                return;
            }
            for (byte[] chunk = opened.read(); chunk != null; chunk = opened.read()) {
                if (!buffer.put(chunk)) {
                    return;
                }
            }
            if (!cancelled) {
                opened.complete();
            }
            buffer.end();
        } catch (ProviderException e) {
            if (!cancelled) {
                buffer.fail(new GatewayError(ErrorCode.of(e.kind()), e.getMessage(), e.retryable()));
            }
        } catch (InterruptedException e) {
            buffer.cancel();
        } catch (RuntimeException e) {
            if (!cancelled) {
                LOGGER.log(Level.WARNING, "Synthesis failed unexpectedly", e);
                buffer.fail(GatewayError.of(ErrorCode.SYNTHESIS_FAILED, "synthesis failed"));
            }
        } finally {
            source = null;
        }
    }
}
