package io.ttsgateway.provider;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * A provider as a plug-in, registered in {@code META-INF/services/io.ttsgateway.provider.ProviderFactory}:
 * its name, its settings ({@code S}, read and checked) and how it is built from them.
 */
public interface ProviderFactory<S> {

    /** {@link #autoOrder()} of a provider offered only when {@code TTS_PROVIDER} names it. */
    int ONLY_WHEN_CHOSEN = Integer.MAX_VALUE;

    /** The name clients and configuration use: {@code elevenlabs}. */
    String name();

    /** Lower first ({@code TTS_PROVIDER=auto} takes the first configured one), or {@link #ONLY_WHEN_CHOSEN}. */
    int autoOrder();

    /** Every setting it reads, for the environment mapping and the documentation. */
    List<ProviderSetting> settings();

    /** Whether the configuration lets it run, such as its key being set. */
    boolean configured(ProviderConfig config);

    /** What the operator sets to configure it, for messages: {@code set DG_API_KEY}. */
    String requirement();

    /** Reads and checks its settings at startup (errors from {@link ProviderConfig#invalid}); builds nothing. */
    S read(ProviderConfig config);

    /** Builds the provider; it connects nothing until {@link TtsProvider#initialize()} or a request. */
    TtsProvider create(S settings);

    /** The factories on the class path, in {@link #autoOrder()} then name order; two of one name are refused. */
    static List<ProviderFactory<?>> installed() {
        List<ProviderFactory<?>> factories = ServiceLoader.load(ProviderFactory.class).stream()
                .<ProviderFactory<?>>map(ServiceLoader.Provider::get)
                .sorted(Comparator.<ProviderFactory<?>>comparingInt(ProviderFactory::autoOrder)
                                .thenComparing(ProviderFactory::name))
                .toList();
        Set<String> names = new HashSet<>();
        for (ProviderFactory<?> factory : factories) {
            if (!names.add(factory.name())) {
                throw new IllegalStateException("two provider factories are named " + factory.name());
            }
        }
        return factories;
    }
}
