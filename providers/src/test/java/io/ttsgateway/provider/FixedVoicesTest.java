package io.ttsgateway.provider;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.ttsgateway.marytts.MaryTtsProvider;
import io.ttsgateway.marytts.MaryTtsSettings;
import io.ttsgateway.openai.OpenAiProvider;
import io.ttsgateway.openai.OpenAiSettings;
import io.ttsgateway.tone.ToneProvider;
import io.ttsgateway.tone.ToneSettings;
import io.ttsgateway.uplift.UpliftProvider;
import io.ttsgateway.uplift.UpliftSettings;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Voice lists of the providers without a list API: documented lists, the default always in. */
class FixedVoicesTest {

    /** Nothing listens here: a fixed list must not need the network. */
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");
    /** OpenAI's {@code VoiceIdsShared}, in the spec's order. */
    private static final List<String> OPENAI_VOICES = List.of("alloy", "ash", "ballad", "coral", "echo", "fable",
                                                              "onyx", "nova", "sage", "shimmer", "verse", "marin",
                                                              "cedar");

    @Test
    void openAiListsItsBuiltInVoices() throws ProviderException {
        try (OpenAiProvider provider = openAi("coral")) {
            assertEquals(OPENAI_VOICES, ids(provider.voices()));
        }
    }

    @Test
    void openAiPutsAnUndocumentedDefaultFirst() throws ProviderException {
        try (OpenAiProvider provider = openAi("voice_1234")) {
            List<String> ids = ids(provider.voices());
            assertEquals("voice_1234", ids.get(0));
            assertEquals(OPENAI_VOICES, ids.subList(1, ids.size()));
        }
    }

    @Test
    void upliftListsItsDocumentedVoicesWithTheDefault() throws ProviderException {
        try (UpliftProvider provider = uplift(null)) {
            List<Voice> voices = provider.voices();
            assertEquals(List.of("v_meklc281", "v_8eelc901", "v_kwmp7zxt", "v_yypgzenx", "v_30s70t3a"), ids(voices));
            assertEquals(new Voice("v_meklc281", "Urdu female", List.of("ur"), "female", UpliftProvider.NAME),
                         voices.get(0));
        }
        try (UpliftProvider provider = uplift("v_custom01")) {
            assertEquals("v_custom01", provider.voices().get(0).id());
        }
    }

    @Test
    void maryTtsListsItsInstalledVoice() throws ProviderException {
        MaryTtsProvider provider = new MaryTtsProvider(new MaryTtsSettings(MaryTtsProvider.DEFAULT_VOICE, 1, 0,
                                                                           Duration.ofSeconds(1),
                                                                           Duration.ofMillis(100)));
        assertEquals(List.of(new Voice(MaryTtsProvider.DEFAULT_VOICE, MaryTtsProvider.DEFAULT_VOICE, List.of("en"),
                                       null, MaryTtsProvider.NAME)), provider.voices());
    }

    @Test
    void toneHasNoVoice() throws ProviderException {
        ToneProvider tone = new ToneProvider(new ToneSettings(Duration.ZERO, Duration.ZERO, Duration.ofMillis(100),
                                                              Duration.ofMillis(10), 440));
        assertTrue(tone.voices().isEmpty());
    }

    private static OpenAiProvider openAi(String voice) {
        return new OpenAiProvider(new OpenAiSettings("sk-test", NOWHERE, "tts-1", voice, ProviderTimeouts.DEFAULT));
    }

    private static UpliftProvider uplift(String voice) {
        return new UpliftProvider(new UpliftSettings("sk_api_test", NOWHERE, voice, ProviderTimeouts.DEFAULT));
    }

    private static List<String> ids(List<Voice> voices) {
        return voices.stream().map(Voice::id).toList();
    }
}
