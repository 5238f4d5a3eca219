package io.ttsgateway.provider;

/** A vendor's factory and the settings it read and checked at startup, ready to build the provider. */
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
