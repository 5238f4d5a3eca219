package io.ttsgateway.tone;

import java.util.List;

import io.ttsgateway.provider.ProviderConfig;
import io.ttsgateway.provider.ProviderFactory;
import io.ttsgateway.provider.ProviderSetting;
import io.ttsgateway.provider.TtsProvider;

/** Registers the tone provider: offered only when {@code TTS_PROVIDER=tone}. */
public final class ToneFactory implements ProviderFactory<ToneSettings> {

    static final ProviderSetting FIRST_BYTE_DELAY = ProviderSetting.of(
            "tone.first-byte-delay", "TONE_FIRST_BYTE_DELAY", "PT0S", "delay before the first chunk");
    static final ProviderSetting CHUNK_INTERVAL = ProviderSetting.of(
            "tone.chunk-interval", "TONE_CHUNK_INTERVAL", "PT0S", "delay between chunks");
    static final ProviderSetting CHUNK = ProviderSetting.of("tone.chunk", "TONE_CHUNK", "PT0.1S", "audio per chunk");
    static final ProviderSetting PER_CHARACTER = ProviderSetting.of(
            "tone.per-character", "TONE_PER_CHARACTER", "PT0.06S", "audio per character of text");
    private static final double FREQUENCY_HZ = 440;

    /** Creates the factory (for {@link java.util.ServiceLoader}). */
    public ToneFactory() {
    }

    @Override
    public String name() {
        return ToneProvider.NAME;
    }

    @Override
    public int autoOrder() {
        return ONLY_WHEN_CHOSEN;
    }

    @Override
    public List<ProviderSetting> settings() {
        return List.of(FIRST_BYTE_DELAY, CHUNK_INTERVAL, CHUNK, PER_CHARACTER);
    }

    @Override
    public boolean configured(ProviderConfig config) {
        return true;
    }

    @Override
    public String requirement() {
        return "nothing";
    }

    @Override
    public ToneSettings read(ProviderConfig config) {
        return config.wrap(CHUNK, () -> new ToneSettings(config.duration(FIRST_BYTE_DELAY),
                                                         config.duration(CHUNK_INTERVAL), config.duration(CHUNK),
                                                         config.duration(PER_CHARACTER), FREQUENCY_HZ));
    }

    @Override
    public TtsProvider create(ToneSettings settings) {
        return new ToneProvider(settings);
    }
}
