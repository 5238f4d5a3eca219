package io.ttsgateway.cartesia;

import io.ttsgateway.provider.ProviderConfig;
import io.ttsgateway.provider.ProviderSetting;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.net.CloudProviderFactory;

/** Registers Cartesia: configured by {@code CARTESIA_API_KEY}, fourth in {@code auto} order. */
public final class CartesiaFactory extends CloudProviderFactory<CartesiaSettings> {

    static final ProviderSetting API_KEY = ProviderSetting.secret("cartesia.api-key", "CARTESIA_API_KEY",
                                                                  "Cartesia API key");
    static final ProviderSetting VOICE_ID = ProviderSetting.of("cartesia.voice-id", "CARTESIA_VOICE_ID",
                                                               CartesiaSettings.DEFAULT_VOICE,
                                                               "voice of requests that name none");
    static final ProviderSetting MODEL_ID = ProviderSetting.of("cartesia.model-id", "CARTESIA_MODEL_ID",
                                                               "sonic-english", "model");
    static final ProviderSetting VERSION = ProviderSetting.of("cartesia.version", "CARTESIA_VERSION", "2024-06-10",
                                                              "API version");
    static final ProviderSetting BASE_URL = ProviderSetting.of("cartesia.base-url", "CARTESIA_BASE_URL",
                                                               CartesiaSettings.DEFAULT_BASE_URL, "endpoint");

    /** Creates the factory (for {@link java.util.ServiceLoader}). */
    public CartesiaFactory() {
        super(CartesiaProvider.NAME, 40, API_KEY, VOICE_ID, MODEL_ID, VERSION, BASE_URL);
    }

    @Override
    public CartesiaSettings read(ProviderConfig config) {
        return new CartesiaSettings(apiKey(config), baseUrl(config, BASE_URL), config.required(VOICE_ID),
                                    config.required(MODEL_ID), config.required(VERSION), config.timeouts());
    }

    @Override
    public TtsProvider create(CartesiaSettings settings) {
        return new CartesiaProvider(settings);
    }
}
