package io.ttsgateway.config;

import java.util.HashMap;
import java.util.Map;

import io.ttsgateway.deepgram.DeepgramSettings;
import io.ttsgateway.elevenlabs.ElevenLabsSettings;
import io.ttsgateway.observe.LogFormat;
import io.ttsgateway.openai.OpenAiSettings;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GatewayConfigTest {

    @Test
    void defaultsFollowXrx() {
        GatewayConfig config = load(Map.of());
        assertThat(config.port(), is(8002));
        assertThat(config.provider(), is("marytts"));
        assertThat(config.defaultFormat().toString(), is("pcm_24000"));
        assertThat(config.cache().directory().toString(), is("cache"));
        assertThat(config.limits().maxTextLength(), is(10_000));
        assertThat(config.limits().ratePerMinute(), is(60));
        assertThat(config.apiKeys().isEmpty(), is(true));
    }

    @Test
    void environmentVariablesOverrideTheYaml() {
        GatewayConfig config = load(Map.of("PORT", "9000", "TTS_SAMPLE_RATE", "16000", "CACHE_DIR", "/tmp/x",
                                           "SESSION_MAX_TEXT_LENGTH", "500", "GATEWAY_API_KEYS", "a, b"));
        assertThat(config.port(), is(9000));
        assertThat(config.defaultFormat().toString(), is("pcm_16000"));
        assertThat(config.cache().directory().toString(), is("/tmp/x"));
        assertThat(config.limits().maxTextLength(), is(500));
        assertThat(config.apiKeys().size(), is(2));
    }

    @Test
    void redisIsOffUnlessAUrlIsSet() {
        assertThat(load(Map.of()).redis().isPresent(), is(false));
        GatewayConfig config = load(Map.of("CACHE_REDIS_URL", "rediss://app:pw@cache:6380/2",
                                           "CACHE_REDIS_TTL", "PT1H", "CACHE_REDIS_TIMEOUT", "PT0.1S"));
        var redis = config.redis().orElseThrow();
        assertThat(redis.endpoint().toString(), is("rediss://app:***@cache:6380/2"));
        assertThat(redis.ttl().toMinutes(), is(60L));
        assertThat(redis.timeout().toMillis(), is(100L));
        assertThat(redis.maxEntryBytes(), is(8L * 1024 * 1024));
        assertThat(config.toString(), not(containsString("pw")));
    }

    @Test
    void badRedisUrlNamesTheVariableAndHidesThePassword() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                                                () -> load(Map.of("CACHE_REDIS_URL", "http://:hunter2@cache:6379")));
        assertThat(e.getMessage(), containsString("CACHE_REDIS_URL"));
        assertThat(e.getMessage(), containsString("redis://"));
        assertThat(e.getMessage(), not(containsString("hunter2")));
        e = assertThrows(ConfigurationException.class,
                         () -> load(Map.of("CACHE_REDIS_URL", "redis://cache", "CACHE_REDIS_TIMEOUT", "soon")));
        assertThat(e.getMessage(), containsString("CACHE_REDIS_TIMEOUT"));
    }

    @Test
    void unknownProviderNamesTheVariable() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                                                () -> load(Map.of("TTS_PROVIDER", "polly")));
        assertThat(e.getMessage(), containsString("TTS_PROVIDER"));
        assertThat(e.getMessage(), containsString("marytts"));
    }

    @Test
    void chosenProviderWithoutItsKeyNamesTheKeyVariable() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                                                () -> load(Map.of("TTS_PROVIDER", "deepgram")));
        assertThat(e.getMessage(), containsString("DG_API_KEY"));
    }

    @Test
    void autoPicksTheFirstCloudProviderWithAKeyInXrxOrder() {
        GatewayConfig config = load(Map.of("CARTESIA_API_KEY", "c", "DG_API_KEY", "d"));
        assertThat(config.provider(), is("deepgram"));
        assertThat(config.providers(), contains("deepgram", "cartesia", "marytts"));
    }

    @Test
    void theEmbeddedEngineCanBeLeftOut() {
        GatewayConfig config = load(Map.of("OPENAI_API_KEY", "o", "MARYTTS_ENABLED", "false"));
        assertThat(config.providers(), contains("openai"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                                                () -> load(Map.of("MARYTTS_ENABLED", "false")));
        assertThat(e.getMessage(), containsString("OPENAI_API_KEY"));
    }

    @Test
    void cloudSettingsComeFromTheXrxVariables() {
        GatewayConfig config = load(Map.of("ELEVENLABS_API_KEY", "k", "ELEVENLABS_MODEL_ID", "eleven_turbo_v2.5",
                                           "ELEVENLABS_BASE_URL", "http://proxy.local:8080/eleven/",
                                           "OPENAI_API_KEY", "o"));
        ElevenLabsSettings elevenLabs = settings(config, "elevenlabs", ElevenLabsSettings.class);
        assertThat(elevenLabs.modelId(), is("eleven_turbo_v2_5"));
        assertThat(elevenLabs.baseUrl().toString(), is("http://proxy.local:8080/eleven"));
        assertThat(elevenLabs.stability(), is(0.9));
        OpenAiSettings openAi = settings(config, "openai", OpenAiSettings.class);
        assertThat(openAi.baseUrl().toString(), is("https://api.openai.com/v1"));
        assertThat(openAi.voice(), is("alloy"));
        assertThat(settings(config, "deepgram", DeepgramSettings.class), is(nullValue()));
    }

    @Test
    void badBaseUrlAndFallbackNameTheVariable() {
        ConfigurationException url = assertThrows(ConfigurationException.class, () -> load(Map.of(
                "DG_API_KEY", "d", "DG_BASE_URL", "api.deepgram.com")));
        assertThat(url.getMessage(), containsString("DG_BASE_URL"));
        ConfigurationException fallback = assertThrows(ConfigurationException.class, () -> load(Map.of(
                "TTS_FALLBACK", "cartesia")));
        assertThat(fallback.getMessage(), containsString("TTS_FALLBACK"));
        assertThat(load(Map.of("DG_API_KEY", "d", "TTS_FALLBACK", "marytts")).fallback(), contains("marytts"));
    }

    @Test
    void unsupportedSampleRateIsRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                                                () -> load(Map.of("TTS_SAMPLE_RATE", "12345")));
        assertThat(e.getMessage(), containsString("TTS_SAMPLE_RATE"));
    }

    @Test
    void badNumberNamesTheVariableAndDefault() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                                                () -> load(Map.of("SESSION_RATE_LIMIT_PER_MINUTE", "lots")));
        assertThat(e.getMessage(), containsString("SESSION_RATE_LIMIT_PER_MINUTE"));
        assertThat(e.getMessage(), containsString("default is '60'"));
    }

    @Test
    void secretsNeverAppearInMessagesOrToString() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                                                () -> load(Map.of("TTS_PROVIDER", "elevenlabs",
                                                                  "ELEVENLABS_API_KEY", "sk-very-secret",
                                                                  "ELEVENLABS_VOICE_STABILITY", "2")));
        assertThat(e.getMessage(), not(containsString("sk-very-secret")));
        assertThat(load(Map.of("ELEVENLABS_API_KEY", "sk-very-secret")).toString(), not(containsString("sk-very")));
        assertThat(load(Map.of("GATEWAY_API_KEYS", "client-secret")).toString(), not(containsString("client-secret")));
    }

    /** The settings a provider's factory read, or null when the provider is not offered. */
    @Test
    void logFormatIsTextUnlessJsonIsAsked() {
        assertThat(load(Map.of()).logFormat(), is(LogFormat.TEXT));
        assertThat(load(Map.of("LOG_FORMAT", "JSON")).logFormat(), is(LogFormat.JSON));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(Map.of("LOG_FORMAT", "xml")));
        assertThat(e.getMessage(), is("LOG_FORMAT (log.format) = 'xml' must be text or json; default is 'text'"));
    }

    private static <S> S settings(GatewayConfig config, String provider, Class<S> type) {
        return config.offered().stream().filter(offered -> offered.name().equals(provider))
                .map(offered -> type.cast(offered.settings())).findFirst().orElse(null);
    }

    private static GatewayConfig load(Map<String, String> environment) {
        return GatewayConfig.from(GatewayConfig.load(new HashMap<>(environment)));
    }
}
