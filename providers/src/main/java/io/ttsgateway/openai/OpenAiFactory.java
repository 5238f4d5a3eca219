package io.ttsgateway.openai;

import io.ttsgateway.provider.ProviderConfig;
import io.ttsgateway.provider.ProviderSetting;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.net.CloudProviderFactory;

/** Registers OpenAI: configured by {@code OPENAI_API_KEY}, second in {@code auto} order. */
public final class OpenAiFactory extends CloudProviderFactory<OpenAiSettings> {

    static final ProviderSetting API_KEY = ProviderSetting.secret("openai.api-key", "OPENAI_API_KEY", "OpenAI API key");
    static final ProviderSetting MODEL = ProviderSetting.of("openai.model", "OPENAI_TTS_MODEL", "tts-1", "speech model");
    static final ProviderSetting VOICE = ProviderSetting.of("openai.voice", "OPENAI_TTS_VOICE", "alloy",
                                                            "voice of requests that name none");
    static final ProviderSetting BASE_URL = ProviderSetting.of("openai.base-url", "OPENAI_BASE_URL",
                                                               "https://api.openai.com/v1",
                                                               "endpoint, with /v1 as OpenAI's SDKs take it");

    /** Creates the factory (for {@link java.util.ServiceLoader}). */
    public OpenAiFactory() {
        super(OpenAiSettings.NAME, 20, API_KEY, MODEL, VOICE, BASE_URL);
    }

    @Override
    public OpenAiSettings read(ProviderConfig config) {
        return new OpenAiSettings(apiKey(config), baseUrl(config, BASE_URL), config.required(MODEL),
                                  config.required(VOICE), config.timeouts());
    }

    @Override
    public TtsProvider create(OpenAiSettings settings) {
        return new OpenAiProvider(settings);
    }
}
