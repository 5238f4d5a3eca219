package io.ttsgateway.provider;

/**
 * A provider's settings, read and checked at startup, ready to build it.
 *
 * @param factory  the vendor's factory
 * @param settings what it read
 * @param <S>      the settings' type
 */
public record ConfiguredProvider<S>(ProviderFactory<S> factory, S settings) {

    /** Reads a factory's settings. */
    public static <S> ConfiguredProvider<S> read(ProviderFactory<S> factory, ProviderConfig config) {
        return new ConfiguredProvider<>(factory, factory.read(config));
    }

    /** The provider's name. */
    public String name() {
        return factory.name();
    }

    /** Builds the provider. */
    public TtsProvider create() {
        return factory.create(settings);
    }
}
