package io.ttsgateway.provider;

/** A provider whose name, capabilities and defaults are fixed when it is made. */
public abstract class DescribedProvider implements TtsProvider {

    private final String name;
    private final ProviderCapabilities capabilities;
    private final String defaultVoice;
    private final String defaultModel;

    /** Voice and model may be null: the provider then names none. */
    protected DescribedProvider(String name, ProviderCapabilities capabilities, String defaultVoice,
                                String defaultModel) {
        this.name = name;
        this.capabilities = capabilities;
        this.defaultVoice = defaultVoice;
        this.defaultModel = defaultModel;
    }

    /** {@code value} stripped, or {@code fallback} when it is null or blank. */
    protected static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ProviderCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public final String defaultVoice() {
        return defaultVoice;
    }

    @Override
    public final String defaultModel() {
        return defaultModel;
    }
}
