package io.ttsgateway.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.ttsgateway.cartesia.CartesiaProvider;
import io.ttsgateway.cartesia.CartesiaSettings;
import io.ttsgateway.deepgram.DeepgramProvider;
import io.ttsgateway.deepgram.DeepgramSettings;
import io.ttsgateway.elevenlabs.ElevenLabsProvider;
import io.ttsgateway.elevenlabs.ElevenLabsSettings;
import io.ttsgateway.openai.OpenAiProvider;
import io.ttsgateway.openai.OpenAiSettings;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.uplift.UpliftProvider;
import io.ttsgateway.uplift.UpliftSettings;

/**
 * The cloud providers whose key is set, with their settings; a provider without a key is
 * {@code null} here and not available to requests.
 *
 * @param elevenLabs ElevenLabs settings, or {@code null}
 * @param openAi     OpenAI settings, or {@code null}
 * @param deepgram   Deepgram settings, or {@code null}
 * @param cartesia   Cartesia settings, or {@code null}
 * @param uplift     Uplift AI settings, or {@code null}
 */
public record CloudProviders(ElevenLabsSettings elevenLabs,
                             OpenAiSettings openAi,
                             DeepgramSettings deepgram,
                             CartesiaSettings cartesia,
                             UpliftSettings uplift) {

    /** Cloud provider names in {@code auto} order (xRx's), each with the setting holding its key. */
    static final List<Setting> KEYS = List.of(Setting.ELEVENLABS_API_KEY, Setting.OPENAI_API_KEY,
                                              Setting.DG_API_KEY, Setting.CARTESIA_API_KEY,
                                              Setting.UPLIFT_API_KEY);
    /** Names matching {@link #KEYS}. */
    static final List<String> NAMES = List.of(ElevenLabsProvider.NAME, OpenAiProvider.NAME, DeepgramProvider.NAME,
                                              CartesiaProvider.NAME, UpliftProvider.NAME);

    /**
     * The names of the providers configured, in {@code auto} order.
     *
     * @return provider names
     */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        if (elevenLabs != null) {
            names.add(ElevenLabsProvider.NAME);
        }
        if (openAi != null) {
            names.add(OpenAiProvider.NAME);
        }
        if (deepgram != null) {
            names.add(DeepgramProvider.NAME);
        }
        if (cartesia != null) {
            names.add(CartesiaProvider.NAME);
        }
        if (uplift != null) {
            names.add(UpliftProvider.NAME);
        }
        return names;
    }

    static CloudProviders read(GatewayConfig.Reader reader) {
        ProviderTimeouts timeouts = reader.wrap(Setting.PROVIDER_CONNECT_TIMEOUT, () -> new ProviderTimeouts(
                reader.duration(Setting.PROVIDER_CONNECT_TIMEOUT),
                reader.duration(Setting.PROVIDER_FIRST_BYTE_TIMEOUT),
                reader.duration(Setting.PROVIDER_STALL_TIMEOUT)));
        ElevenLabsSettings elevenLabs = null;
        String key = reader.string(Setting.ELEVENLABS_API_KEY);
        if (!key.isEmpty()) {
            elevenLabs = new ElevenLabsSettings(key, url(reader, Setting.ELEVENLABS_BASE_URL),
                                                required(reader, Setting.ELEVENLABS_VOICE_ID),
                                                elevenLabsModel(required(reader, Setting.ELEVENLABS_MODEL_ID)),
                                                unit(reader, Setting.ELEVENLABS_VOICE_STABILITY),
                                                unit(reader, Setting.ELEVENLABS_VOICE_SIMILARITY), timeouts);
        }
        OpenAiSettings openAi = null;
        key = reader.string(Setting.OPENAI_API_KEY);
        if (!key.isEmpty()) {
            openAi = new OpenAiSettings(key, url(reader, Setting.OPENAI_BASE_URL),
                                        required(reader, Setting.OPENAI_TTS_MODEL),
                                        required(reader, Setting.OPENAI_TTS_VOICE), timeouts);
        }
        DeepgramSettings deepgram = null;
        key = reader.string(Setting.DG_API_KEY);
        if (!key.isEmpty()) {
            deepgram = new DeepgramSettings(key, url(reader, Setting.DG_BASE_URL),
                                            required(reader, Setting.DG_TTS_MODEL_VOICE), timeouts);
        }
        CartesiaSettings cartesia = null;
        key = reader.string(Setting.CARTESIA_API_KEY);
        if (!key.isEmpty()) {
            cartesia = new CartesiaSettings(key, url(reader, Setting.CARTESIA_BASE_URL),
                                            required(reader, Setting.CARTESIA_VOICE_ID),
                                            required(reader, Setting.CARTESIA_MODEL_ID),
                                            required(reader, Setting.CARTESIA_VERSION), timeouts);
        }
        UpliftSettings uplift = null;
        key = reader.string(Setting.UPLIFT_API_KEY);
        if (!key.isEmpty()) {
            uplift = new UpliftSettings(key, url(reader, Setting.UPLIFT_BASE_URL),
                                        required(reader, Setting.UPLIFT_VOICE_ID), timeouts);
        }
        return new CloudProviders(elevenLabs, openAi, deepgram, cartesia, uplift);
    }

    /** xRx documents {@code eleven_turbo_v2.5}; the API's id is {@code eleven_turbo_v2_5}. */
    private static String elevenLabsModel(String model) {
        return model.replace("v2.5", "v2_5");
    }

    private static URI url(GatewayConfig.Reader reader, Setting setting) {
        try {
            return Endpoints.base(reader.string(setting));
        } catch (IllegalArgumentException e) {
            throw reader.invalid(setting, "is not an http(s) URL");
        }
    }

    private static String required(GatewayConfig.Reader reader, Setting setting) {
        String value = reader.string(setting);
        if (value.isEmpty()) {
            throw reader.invalid(setting, "must not be empty");
        }
        return value;
    }

    private static double unit(GatewayConfig.Reader reader, Setting setting) {
        double value;
        try {
            value = Double.parseDouble(reader.string(setting));
        } catch (NumberFormatException e) {
            throw reader.invalid(setting, "is not a number");
        }
        if (!(value >= 0 && value <= 1)) {
            throw reader.invalid(setting, "must be between 0 and 1");
        }
        return value;
    }
}
