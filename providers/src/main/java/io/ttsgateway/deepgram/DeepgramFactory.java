package io.ttsgateway.deepgram;

import io.ttsgateway.provider.ProviderConfig;
import io.ttsgateway.provider.ProviderSetting;
import io.ttsgateway.provider.net.CloudProviderFactory;

/** Registers Deepgram Aura: configured by {@code DG_API_KEY}, third in {@code auto} order. */
public final class DeepgramFactory extends CloudProviderFactory<DeepgramSettings> {

    static final ProviderSetting API_KEY = ProviderSetting.secret("deepgram.api-key", "DG_API_KEY", "Deepgram API key");
    static final ProviderSetting MODEL = ProviderSetting.of("deepgram.model", "DG_TTS_MODEL_VOICE", "aura-asteria-en",
                                                            "model and voice of requests that name none");
    static final ProviderSetting BASE_URL = ProviderSetting.of("deepgram.base-url", "DG_BASE_URL",
                                                               "https://api.deepgram.com", "endpoint");

    /** Creates the factory (for {@link java.util.ServiceLoader}). */
    public DeepgramFactory() {
        super(DeepgramProvider.NAME, 30, DeepgramProvider::new, API_KEY, MODEL, BASE_URL);
    }

    @Override
    public DeepgramSettings read(ProviderConfig config) {
        return new DeepgramSettings(apiKey(config), baseUrl(config, BASE_URL), config.required(MODEL), config.timeouts());
    }
}
