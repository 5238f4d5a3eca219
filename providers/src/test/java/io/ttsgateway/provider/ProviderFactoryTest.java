package io.ttsgateway.provider;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ttsgateway.elevenlabs.ElevenLabsSettings;
import io.ttsgateway.marytts.MaryTtsSettings;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registered factories: found through ServiceLoader, in xRx's {@code auto} order, each reading
 * its own settings with errors that name the variable.
 */
class ProviderFactoryTest {

    @Test
    void everyVendorIsRegisteredInAutoOrder() {
        assertEquals(List.of("elevenlabs", "openai", "deepgram", "cartesia", "uplift", "marytts", "tone"),
                     ProviderFactory.installed().stream().map(ProviderFactory::name).toList());
    }

    @Test
    void settingsAreTheFactorysOwnAndUnique() {
        Set<String> variables = new HashSet<>();
        for (ProviderFactory<?> factory : ProviderFactory.installed()) {
            for (ProviderSetting setting : factory.settings()) {
                assertTrue(setting.key().startsWith(factory.name() + "."), setting.key());
                assertTrue(variables.add(setting.environmentVariable()), setting.environmentVariable());
                assertEquals(setting.environmentVariable().endsWith("_API_KEY"), setting.secret(), setting.key());
            }
        }
    }

    @Test
    void cloudProvidersAreConfiguredByTheirKey() {
        ProviderFactory<?> deepgram = factory("deepgram");
        assertFalse(deepgram.configured(new MapConfig(Map.of())));
        assertTrue(deepgram.configured(new MapConfig(Map.of("deepgram.api-key", "d"))));
        assertEquals("set DG_API_KEY", deepgram.requirement());
    }

    @Test
    void elevenLabsAcceptsXrxModelSpelling() {
        ElevenLabsSettings settings = (ElevenLabsSettings) factory("elevenlabs").read(new MapConfig(Map.of(
                "elevenlabs.api-key", "k", "elevenlabs.model-id", "eleven_turbo_v2.5")));
        assertEquals("eleven_turbo_v2_5", settings.modelId());
        assertEquals("https://api.elevenlabs.io", settings.baseUrl().toString());
    }

    @Test
    void errorsNameTheVariableAndHideSecrets() {
        IllegalStateException url = assertThrows(IllegalStateException.class, () -> factory("uplift").read(
                new MapConfig(Map.of("uplift.api-key", "secret-key", "uplift.base-url", "api.upliftai.org"))));
        assertTrue(url.getMessage().startsWith("UPLIFT_BASE_URL (uplift.base-url) = 'api.upliftai.org'"),
                   url.getMessage());
        MapConfig config = new MapConfig(Map.of("elevenlabs.api-key", "secret-key"));
        String hidden = config.invalid(factory("elevenlabs").settings().getFirst(), "is wrong").getMessage();
        assertFalse(hidden.contains("secret-key"), hidden);
        IllegalStateException group = assertThrows(IllegalStateException.class, () -> factory("marytts").read(
                new MapConfig(Map.of("marytts.chunk", "PT0.001S"))));
        assertTrue(group.getMessage().startsWith("invalid MARYTTS_MAX_CONCURRENT group"), group.getMessage());
        MaryTtsSettings mary = (MaryTtsSettings) factory("marytts").read(new MapConfig(Map.of()));
        assertEquals(Runtime.getRuntime().availableProcessors(), mary.maxConcurrent());
    }

    private static ProviderFactory<?> factory(String name) {
        return ProviderFactory.installed().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /** Configuration from a map of dotted keys. */
    private record MapConfig(Map<String, String> values) implements ProviderConfig {

        @Override
        public String string(ConfigKey setting) {
            return values.getOrDefault(setting.key(), setting.defaultValue()).trim();
        }

        @Override
        public RuntimeException error(String message) {
            return new IllegalStateException(message);
        }

        @Override
        public ProviderTimeouts timeouts() {
            return ProviderTimeouts.DEFAULT;
        }
    }
}
