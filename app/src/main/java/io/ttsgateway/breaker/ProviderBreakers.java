package io.ttsgateway.breaker;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The circuit breakers of a gateway's providers, one each, or none when breakers are off.
 */
public final class ProviderBreakers {

    private final Map<String, ProviderBreaker> breakers = new LinkedHashMap<>();

    /**
     * Creates a breaker for each provider.
     *
     * @param providers the providers' names
     * @param settings  how the breakers behave; {@link BreakerSettings#OFF} for none
     * @param nanoClock the time in nanoseconds
     * @param listener  told of every change of state
     */
    public ProviderBreakers(Collection<String> providers, BreakerSettings settings, LongSupplier nanoClock,
                            BreakerListener listener) {
        if (settings.enabled()) {
            providers.forEach(name -> breakers.put(name, new ProviderBreaker(name, settings, nanoClock, listener)));
        }
    }

    /**
     * No breakers at all.
     *
     * @return breakers that let every call through
     */
    public static ProviderBreakers off() {
        return new ProviderBreakers(List.of(), BreakerSettings.OFF, System::nanoTime, BreakerListener.NONE);
    }

    /**
     * Lets a call go to a provider, or refuses it at once.
     *
     * @param provider the provider's name
     * @return the call's permit ({@link CallPermit#NONE} when the provider has no breaker)
     * @throws BreakerOpenException while the provider's breaker keeps calls away
     */
    public CallPermit acquire(String provider) throws BreakerOpenException {
        ProviderBreaker breaker = breakers.get(provider);
        return breaker == null ? CallPermit.NONE : breaker.acquire();
    }

    /**
     * A provider's breaker.
     *
     * @param provider the provider's name
     * @return its breaker, or empty when breakers are off
     */
    public Optional<ProviderBreaker> of(String provider) {
        return Optional.ofNullable(breakers.get(provider));
    }

    /**
     * Every breaker, in the providers' order.
     *
     * @return the breakers, none when breakers are off
     */
    public Collection<ProviderBreaker> all() {
        return List.copyOf(breakers.values());
    }
}
