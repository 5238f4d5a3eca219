package io.ttsgateway.synthesis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.breaker.ProviderBreakers;
import io.ttsgateway.provider.TtsProvider;

/**
 * The providers requests may name, the default among them, and the order to fall back in.
 * Providers are shared by all sessions (their per-connection state lives in each session's
 * {@link ProviderSessions}).
 */
public final class ProviderRegistry implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(ProviderRegistry.class.getName());

    private final Map<String, TtsProvider> providers = new LinkedHashMap<>();
    private final String defaultName;
    private final List<String> fallback;
    private final ProviderBreakers breakers;

    /**
     * Creates the registry without circuit breakers.
     *
     * @param providers   the providers, the default first
     * @param defaultName the provider of requests that name none
     * @param fallback    providers tried in order when one fails before its first byte
     */
    public ProviderRegistry(List<TtsProvider> providers, String defaultName, List<String> fallback) {
        this(providers, defaultName, fallback, ProviderBreakers.off());
    }

    /**
     * Creates the registry.
     *
     * @param providers   the providers, the default first
     * @param defaultName the provider of requests that name none
     * @param fallback    providers tried in order when one fails before its first byte
     * @param breakers    the providers' circuit breakers
     */
    public ProviderRegistry(List<TtsProvider> providers, String defaultName, List<String> fallback,
                            ProviderBreakers breakers) {
        this.breakers = breakers;
        for (TtsProvider provider : providers) {
            this.providers.put(provider.name(), provider);
        }
        if (!this.providers.containsKey(defaultName)) {
            throw new IllegalArgumentException("default provider " + defaultName + " is not registered");
        }
        for (String name : fallback) {
            if (!this.providers.containsKey(name)) {
                throw new IllegalArgumentException("fallback provider " + name + " is not registered");
            }
        }
        this.defaultName = defaultName;
        this.fallback = List.copyOf(fallback);
    }

    /**
     * A provider by name.
     *
     * @param name the name a client used
     * @return the provider, or empty when there is none by that name
     */
    public Optional<TtsProvider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /**
     * The provider of requests that name none.
     *
     * @return the default provider
     */
    public TtsProvider defaultProvider() {
        return providers.get(defaultName);
    }

    /**
     * Names of all providers, the default first.
     *
     * @return the names
     */
    public List<String> names() {
        return List.copyOf(providers.keySet());
    }

    /**
     * All providers, the default first.
     *
     * @return the providers
     */
    public List<TtsProvider> all() {
        return List.copyOf(providers.values());
    }

    /**
     * The providers a request that failed on {@code first} before its first byte tries next.
     *
     * @param first the provider that failed
     * @return fallback providers, in order, without {@code first}
     */
    public List<TtsProvider> fallbackAfter(String first) {
        List<TtsProvider> next = new ArrayList<>();
        for (String name : fallback) {
            if (!name.equals(first)) {
                next.add(providers.get(name));
            }
        }
        return next;
    }

    /**
     * The providers' circuit breakers.
     *
     * @return the breakers
     */
    public ProviderBreakers breakers() {
        return breakers;
    }

    /**
     * Whether every provider can take requests.
     *
     * @return true when all are ready
     */
    public boolean allReady() {
        return providers.values().stream().allMatch(TtsProvider::isReady);
    }

    @Override
    public void close() {
        for (TtsProvider provider : providers.values()) {
            try {
                provider.close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "Provider " + provider.name() + " failed to close", e);
            }
        }
    }
}
