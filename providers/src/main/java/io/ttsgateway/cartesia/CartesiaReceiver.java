package io.ttsgateway.cartesia;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;

/**
 * Where a {@link CartesiaConnection} delivers the messages of one {@code context_id}: a single
 * request ({@link CartesiaContext}) or the segments of a continuation
 * ({@link CartesiaContinuationContext}). Called on the socket's reader thread, which routes every
 * context of the socket, so no method may block.
 */
interface CartesiaReceiver {

    /** The {@code flush_id} of a chunk that carries none. */
    int NO_FLUSH_ID = -1;

    /**
     * The context's identifier.
     *
     * @return the {@code context_id}
     */
    String id();

    /**
     * Cartesia said something about this context, so it took the request.
     */
    void heard();

    /**
     * Whether {@code timestamps} messages are wanted.
     *
     * @return true when word timestamps were asked for
     */
    boolean wantsTimestamps();

    /**
     * A chunk of audio arrived.
     *
     * @param chunk   the decoded bytes
     * @param flushId the chunk's {@code flush_id}, or {@link #NO_FLUSH_ID}
     * @return false when nobody wants this context's audio any more, so the connection forgets the
     *         context and cancels it at Cartesia
     */
    boolean audio(byte[] chunk, int flushId);

    /**
     * Word timings arrived.
     *
     * @param words the timings, in milliseconds from the start of the context's audio
     */
    void words(WordAlignment words);

    /**
     * A {@code flush_done} arrived: Cartesia has sent all audio of that flush.
     *
     * @param flushId its {@code flush_id}, or {@link #NO_FLUSH_ID}
     */
    void flushDone(int flushId);

    /**
     * A message that shows progress without audio arrived (phoneme timestamps).
     */
    void progress();

    /**
     * Cartesia ended the context ({@code done}); the connection has already forgotten it.
     */
    void done();

    /**
     * Cartesia failed the context ({@code error}); the connection has already forgotten it.
     *
     * @param error the failure, safe for clients
     */
    void failed(ProviderException error);

    /**
     * The socket ended under the context; the connection has already forgotten it.
     *
     * @param error      the failure its readers get
     * @param byProvider whether Cartesia's side ended it (not the gateway closing its session)
     */
    void lost(ProviderException error, boolean byProvider);
}
