package io.ttsgateway.marytts;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * The audio of one segment on its way from an engine's thread, which writes it piece by piece as the
 * vocoder makes it, to the stream's reading thread. The queue is not bounded: the engine writes at
 * most one segment (a sentence, at most 300 characters, about 2 MB), which it must read to its end
 * anyway (MaryTTS's vocoder thread would otherwise wait forever).
 */
final class SpeechFeed {

    /** What the engine's thread hands on: a piece of audio, the end, or why there is no more. */
    private sealed interface Part permits Piece, End, Failure {
    }

    private record Piece(MarySpeech speech) implements Part {
    }

    private record End() implements Part {
    }

    private record Failure(Exception cause) implements Part {
    }

    private static final End END = new End();

    private final LinkedBlockingQueue<Part> parts = new LinkedBlockingQueue<>();
    private final Duration wait;
    private boolean ended;

    /** A feed whose reader waits at most {@code wait} for each piece. */
    SpeechFeed(Duration wait) {
        this.wait = wait;
    }

    /** Called by the engine's thread for each piece, in order. */
    void put(MarySpeech piece) {
        parts.add(new Piece(piece));
    }

    /** Called by the engine's thread after the last piece. */
    void end() {
        parts.add(END);
    }

    /** Called by the engine's thread instead of {@link #end()} when the synthesis failed. */
    void fail(Exception cause) {
        parts.add(new Failure(cause));
    }

    /**
     * The next piece, or null after the last one; {@code TIMEOUT} when none comes within the wait,
     * {@code SYNTHESIS_FAILED} when the engine failed (a runtime exception is thrown as it was).
     */
    MarySpeech next() throws ProviderException, InterruptedException {
        if (ended) {
            return null;
        }
        Part part = parts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        return switch (part) {
            case null -> throw new ProviderException(ProviderErrorKind.TIMEOUT,
                                                     "embedded engine took longer than " + wait + " for a piece of audio");
            case Piece piece -> piece.speech();
            case End end -> {
                ended = true;
                yield null;
            }
            case Failure failure -> {
                ended = true;
                if (failure.cause() instanceof RuntimeException unexpected) {
                    throw unexpected;
                }
                throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                            "embedded engine failed to synthesize a sentence", failure.cause());
            }
        };
    }
}
