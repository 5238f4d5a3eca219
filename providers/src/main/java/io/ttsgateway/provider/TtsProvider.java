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

    /**
     * The name clients and configuration use, for example {@code marytts}.
     *
     * @return the provider name
     */
    String name();

    /**
     * What this provider can do, declared up front.
     *
     * @return the capabilities
     */
    ProviderCapabilities capabilities();

    /**
     * The voice used when a request names none; part of the cache key, so changing the configured
     * default never serves audio of the old voice.
     *
     * @return the default voice, or {@code null} when the provider has none
     */
    default String defaultVoice() {
        return null;
    }

    /**
     * The model used when a request names none; part of the cache key.
     *
     * @return the default model, or {@code null} when the provider has none
     */
    default String defaultModel() {
        return null;
    }

    /**
     * The voices a request may name. Providers with a voice-list API ask it and cache the answer for
     * a while; the others return a documented fixed list. Blocks at most the provider's timeouts.
     *
     * @return the voices, the default one included where the provider has one; by default only
     *         {@link #defaultVoice()} (none when it is {@code null})
     * @throws ProviderException when the list API failed and no earlier list is cached
     */
    default List<Voice> voices() throws ProviderException {
        String voice = defaultVoice();
        return voice == null ? List.of() : List.of(Voice.of(voice, name()));
    }

    /**
     * Prepares the provider (loads models, opens warm connections). Called once at start-up, off the
     * request path; {@link #isReady()} reports false until it returns.
     *
     * @throws ProviderException when the provider cannot work at all
     */
    default void initialize() throws ProviderException {
    }

    /**
     * Whether the provider can take requests now.
     *
     * @return true once initialized
     */
    default boolean isReady() {
        return true;
    }

    /**
     * Starts synthesizing one request. Returns quickly; audio is pulled from the stream.
     *
     * @param request what to say and how
     * @return the audio stream in {@code request.format()} (a provider that cannot produce it
     *         natively converts its own output, see {@link ConvertedAudioStream}), to be closed by
     *         the caller
     * @throws ProviderException    when the request cannot be started
     * @throws InterruptedException when the calling thread is interrupted (the request was cancelled)
     */
    AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException;

    /**
     * Opens this provider's side of one client connection. Providers that keep a socket per
     * connection (so that consecutive requests skip the handshake) hold it in the session; the
     * default session opens every request on its own.
     *
     * @return a session, closed by the caller when its connection ends
     */
    default ProviderSession openSession() {
        return this::open;
    }

    /**
     * Releases everything the provider holds. Streams still open may fail afterwards.
     */
    @Override
    default void close() {
    }
}
