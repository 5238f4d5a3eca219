package io.ttsgateway.elevenlabs;

import io.ttsgateway.provider.ProviderConfig;
import io.ttsgateway.provider.ProviderSetting;
import io.ttsgateway.provider.net.CloudProviderFactory;

/** Registers ElevenLabs: configured by {@code ELEVENLABS_API_KEY}, first in {@code auto} order. */
public final class ElevenLabsFactory extends CloudProviderFactory<ElevenLabsSettings> {

    static final ProviderSetting API_KEY = ProviderSetting.secret(
            "elevenlabs.api-key", "ELEVENLABS_API_KEY", "ElevenLabs API key");
    static final ProviderSetting VOICE_ID = ProviderSetting.of(
            "elevenlabs.voice-id", "ELEVENLABS_VOICE_ID", "21m00Tcm4TlvDq8ikWAM",
            "voice of requests that name none (Rachel)");
    static final ProviderSetting MODEL_ID = ProviderSetting.of(
            "elevenlabs.model-id", "ELEVENLABS_MODEL_ID", "eleven_turbo_v2_5",
            "model; xRx's spelling eleven_turbo_v2.5 is accepted");
    static final ProviderSetting STABILITY = ProviderSetting.of(
            "elevenlabs.voice-stability", "ELEVENLABS_VOICE_STABILITY", "0.9", "voice stability, 0 to 1");
    static final ProviderSetting SIMILARITY = ProviderSetting.of(
            "elevenlabs.voice-similarity", "ELEVENLABS_VOICE_SIMILARITY", "0.9", "voice similarity boost, 0 to 1");
    static final ProviderSetting BASE_URL = ProviderSetting.of(
            "elevenlabs.base-url", "ELEVENLABS_BASE_URL", "https://api.elevenlabs.io", "endpoint");

    /** Creates the factory (for {@link java.util.ServiceLoader}). */
    public ElevenLabsFactory() {
        super(ElevenLabsSettings.NAME, 10, ElevenLabsProvider::new, API_KEY, VOICE_ID, MODEL_ID, STABILITY, SIMILARITY,
              BASE_URL);
    }

    @Override
    public ElevenLabsSettings read(ProviderConfig config) {
        // xRx documents eleven_turbo_v2.5; the API's id is eleven_turbo_v2_5.
        String model = config.required(MODEL_ID).replace("v2.5", "v2_5");
        return new ElevenLabsSettings(apiKey(config), baseUrl(config, BASE_URL), config.required(VOICE_ID), model,
                                      config.unit(STABILITY), config.unit(SIMILARITY), config.timeouts());
    }
}
