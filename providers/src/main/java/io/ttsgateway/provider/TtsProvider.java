package io.ttsgateway.provider;

import java.util.List;
import java.util.Optional;

/**
 * A speech engine behind the gateway, shared by all sessions and thread-safe: what is a connection's lives
 * in its {@link ProviderSession}, what is a request's in its {@link AudioStream}.
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

    /** The voices a request may name, blocking at most the timeouts; throws when none could be fetched or cached. */
    default List<Voice> voices() throws ProviderException {
        String voice = defaultVoice();
        return voice == null ? List.of() : List.of(Voice.of(voice, name()));
    }

    /** Prepares the provider once at start-up, off the request path; {@link #isReady()} is false till then. */
    default void initialize() throws ProviderException {
    }

    /** Whether the provider can take requests now. */
    default boolean isReady() {
        return true;
    }

    /** How loaded the provider is, when it bounds its requests (the embedded engine does); empty otherwise. */
    default Optional<ProviderLoad> load() {
        return Optional.empty();
    }

    /** Starts one request outside any client connection, as {@link ProviderSession#open} does. */
    AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException;

    /** Opens this provider's side of one client connection; by default each request on its own. */
    default ProviderSession openSession() {
        return this::open;
    }

    /** Releases everything the provider holds. Streams still open may fail afterwards. */
    @Override
    default void close() {
    }
}
