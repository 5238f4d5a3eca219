package io.ttsgateway.provider;

import java.util.List;

/**
 * A speech engine behind the gateway: a cloud provider or the embedded engine.
 *
 * <p>Implementations are shared by all sessions and must be thread-safe; what belongs to one client
 * connection lives in its {@link ProviderSession}, what belongs to one request in the
 * {@link AudioStream} it opens, never in the provider.
 */
public interface TtsProvider extends AutoCloseable {

    /** The name clients and configuration use, for example {@code marytts}. */
    String name();

    /** What this provider can do, declared up front. */
    ProviderCapabilities capabilities();

    /** The voice of requests that name none, or null; in the cache key, so a new default never serves the old voice. */
    default String defaultVoice() {
        return null;
    }

    /** The model of requests that name none, or null; in the cache key. */
    default String defaultModel() {
        return null;
    }

    /**
     * The voices a request may name: from the provider's voice-list API (cached), or a documented fixed
     * list. Blocks at most the provider's timeouts.
     *
     * @throws ProviderException when the list API failed and no earlier list is cached
     */
    default List<Voice> voices() throws ProviderException {
        String voice = defaultVoice();
        return voice == null ? List.of() : List.of(Voice.of(voice, name()));
    }

    /**
     * Prepares the provider (loads models, opens warm connections). Called once at start-up, off the
     * request path; {@link #isReady()} reports false until it returns.
     */
    default void initialize() throws ProviderException {
    }

    /** Whether the provider can take requests now. */
    default boolean isReady() {
        return true;
    }

    /** Starts one request outside any client connection, as {@link ProviderSession#open} does. */
    AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException;

    /**
     * Opens this provider's side of one client connection. Providers that keep a socket per
     * connection (so that consecutive requests skip the handshake) hold it in the session; the
     * default session opens every request on its own.
     */
    default ProviderSession openSession() {
        return this::open;
    }

    /** Releases everything the provider holds. Streams still open may fail afterwards. */
    @Override
    default void close() {
    }
}
