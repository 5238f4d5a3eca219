package io.ttsgateway.uplift;

import io.ttsgateway.provider.ProviderConfig;
import io.ttsgateway.provider.ProviderSetting;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.net.CloudProviderFactory;

/** Registers Uplift AI: configured by {@code UPLIFT_API_KEY}, fifth in {@code auto} order. */
public final class UpliftFactory extends CloudProviderFactory<UpliftSettings> {

    static final ProviderSetting API_KEY = ProviderSetting.secret("uplift.api-key", "UPLIFT_API_KEY",
                                                                  "Uplift AI API key");
    static final ProviderSetting VOICE_ID = ProviderSetting.of("uplift.voice-id", "UPLIFT_VOICE_ID", "v_meklc281",
                                                               "voice of requests that name none");
    static final ProviderSetting BASE_URL = ProviderSetting.of("uplift.base-url", "UPLIFT_BASE_URL",
                                                               "https://api.upliftai.org", "endpoint");

    /** Creates the factory (for {@link java.util.ServiceLoader}). */
    public UpliftFactory() {
        super(UpliftSettings.NAME, 50, API_KEY, VOICE_ID, BASE_URL);
    }

    @Override
    public UpliftSettings read(ProviderConfig config) {
        return new UpliftSettings(apiKey(config), baseUrl(config, BASE_URL), config.required(VOICE_ID), config.timeouts());
    }

    @Override
    public TtsProvider create(UpliftSettings settings) {
        return new UpliftProvider(settings);
    }
}
