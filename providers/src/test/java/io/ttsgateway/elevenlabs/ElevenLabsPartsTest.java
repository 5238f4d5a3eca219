package io.ttsgateway.elevenlabs;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;

import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.RELAXED;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The client's pieces without a network: word grouping, alignment parsing, error mapping, model
 * and format decisions, settings.
 */
class ElevenLabsPartsTest {

    @Test
    void wordsSpanningChunksAreJoinedAndOffset() {
        WordAligner aligner = new WordAligner();
        CharAlignment first = new CharAlignment(List.of("H", "i", " ", "t", "h"), new long[] {0, 10, 20, 30, 40},
                                                new long[] {10, 10, 10, 10, 10});
        CharAlignment second = new CharAlignment(List.of("e", "r", "e", " "), new long[] {0, 10, 20, 30},
                                                 new long[] {10, 10, 10, 10});

        WordAlignment a = aligner.add(first, 0);
        WordAlignment b = aligner.add(second, 50);
        WordAlignment end = aligner.finish();

        assertThat(a.words(), contains("Hi"));
        assertThat(a.startMs(), contains(0L));
        assertThat(a.endMs(), contains(20L));
        assertThat(b.words(), contains("there"));
        assertThat(b.startMs(), contains(30L));
        assertThat(b.endMs(), contains(80L));
        assertThat(end.words(), is(empty()));
    }

    @Test
    void theLastWordComesWithTheEnd() {
        WordAligner aligner = new WordAligner();
        aligner.add(new CharAlignment(List.of("o", "k"), new long[] {0, 5}, new long[] {5, 5}), 100);

        WordAlignment end = aligner.finish();

        assertThat(end.words(), contains("ok"));
        assertThat(end.startMs(), contains(100L));
        assertThat(end.endMs(), contains(110L));
    }

    @Test
    void alignmentAcceptsBothDurationSpellings() throws Exception {
        JsonNode sdk = ElevenLabsMessages.JSON.readTree(
                "{\"alignment\":{\"chars\":[\"a\"],\"charStartTimesMs\":[3],\"charDurationsMs\":[7]}}");
        JsonNode asyncApi = ElevenLabsMessages.JSON.readTree(
                "{\"alignment\":null,\"normalizedAlignment\":{\"chars\":[\"a\"],\"charStartTimesMs\":[3],"
                        + "\"charsDurationsMs\":[7]}}");

        for (JsonNode message : List.of(sdk, asyncApi)) {
            CharAlignment alignment = CharAlignment.fromSocket(message);
            assertThat(alignment.chars(), contains("a"));
            assertThat(alignment.startMs()[0], is(3L));
            assertThat(alignment.durationMs()[0], is(7L));
        }
        assertThat(CharAlignment.fromSocket(ElevenLabsMessages.JSON.readTree("{\"audio\":\"AA==\"}")) == null,
                   is(true));
    }

    @Test
    void serverMessagesInBothSpellings() throws Exception {
        JsonNode sdk = ElevenLabsMessages.JSON.readTree("{\"isFinal\":true,\"contextId\":\"c1\"}");
        JsonNode docs = ElevenLabsMessages.JSON.readTree("{\"is_final\":true,\"context_id\":\"c1\",\"audio\":null}");

        for (JsonNode message : List.of(sdk, docs)) {
            assertThat(ElevenLabsMessages.isFinal(message), is(true));
            assertThat(ElevenLabsMessages.contextId(message), is("c1"));
            assertThat(ElevenLabsMessages.audio(message) == null, is(true));
            assertThat(ElevenLabsMessages.isErrorFrame(message), is(false));
        }
    }

    @Test
    void httpErrorsMapByCodeBeforeStatus() throws Exception {
        assertThat(http(401, "{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"Invalid API key\"}}").kind(),
                   is(ProviderErrorKind.AUTH_FAILED));
        assertThat(http(401, "{\"detail\":{\"status\":\"quota_exceeded\",\"message\":\"exceeds your quota\"}}").kind(),
                   is(ProviderErrorKind.AUTH_FAILED));
        assertThat(http(429, "{\"detail\":{\"status\":\"system_busy\",\"message\":\"busy\"}}").kind(),
                   is(ProviderErrorKind.RATE_LIMITED));
        assertThat(http(400, "{\"detail\":{\"status\":\"voice_not_found\",\"message\":\"no voice\"}}").kind(),
                   is(ProviderErrorKind.INVALID_REQUEST));
        // The docs list voice_not_found under 401 too: still not the key's fault.
        assertThat(http(401, "{\"detail\":{\"status\":\"voice_not_found\",\"message\":\"no voice\"}}").kind(),
                   is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(http(422, "{\"detail\":[{\"loc\":[\"body\",\"text\"],\"msg\":\"required\",\"type\":\"x\"}]}").kind(),
                   is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(http(503, "<html>bad gateway</html>").kind(), is(ProviderErrorKind.UNAVAILABLE));
        assertThat(http(429, "{}").kind(), is(ProviderErrorKind.RATE_LIMITED));
    }

    @Test
    void errorMessagesCarryCodesNeverTheProvidersText() throws Exception {
        ProviderException error = http(401, "{\"detail\":{\"status\":\"quota_exceeded\",\"message\":\"This request"
                + " exceeds your quota of 10000. You have 0 credits remaining.\"}}");

        assertThat(error.getMessage(), containsString("quota_exceeded"));
        assertThat(error.getMessage(), not(containsString("credits")));
        ProviderException odd = ElevenLabsErrors.forHttp(400, "sk_abc 'echo' <of> key");
        assertThat(odd.getMessage(), not(containsString("sk_abc")));
    }

    @Test
    void socketErrorsMapByCodeOrText() throws Exception {
        assertThat(frame("{\"message\":\"Invalid API key\",\"error\":\"invalid_api_key\",\"code\":1008}").kind(),
                   is(ProviderErrorKind.AUTH_FAILED));
        assertThat(frame("{\"message\":\"This request exceeds your quota.\",\"code\":1008}").kind(),
                   is(ProviderErrorKind.AUTH_FAILED));
        assertThat(frame("{\"message\":\"Maximum simultaneous contexts per WebSocket connection exceeded (5).\","
                                 + "\"error\":\"max_active_conversations\",\"code\":1008}").kind(),
                   is(ProviderErrorKind.RATE_LIMITED));
        assertThat(frame("{\"message\":\"Could not parse input message\",\"error\":\"invalid_input_message\"}").kind(),
                   is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(frame("{\"message\":\"oops\",\"error\":\"something_new\",\"code\":1011}").kind(),
                   is(ProviderErrorKind.UNAVAILABLE));
        assertThat(ElevenLabsErrors.forClose(1011, "").kind(), is(ProviderErrorKind.UNAVAILABLE));
        assertThat(ElevenLabsErrors.forClose(1006, "").kind(), is(ProviderErrorKind.UNAVAILABLE));
        assertThat(ElevenLabsErrors.forClose(1008, "Have not received a new text input within the timeout of 20.0"
                + " seconds.").getMessage(), containsString(ElevenLabsErrors.INPUT_TIMEOUT));
    }

    @Test
    void modelIdsAreNormalizedAndClassified() throws Exception {
        assertThat(ResolvedRequest.checkModel("eleven_turbo_v2.5"), is("eleven_turbo_v2_5"));
        assertThat(ResolvedRequest.checkModel("Eleven_Flash_V2.5"), is("eleven_flash_v2_5"));
        assertThat(ResolvedRequest.checkModel("eleven_multilingual_v2"), is("eleven_multilingual_v2"));
        assertThat(ResolvedRequest.streamsOverWebSocket("eleven_v3"), is(false));
        assertThat(ResolvedRequest.streamsOverWebSocket("eleven_flash_v2_5"), is(true));
        assertThat(ResolvedRequest.maxTextLength("eleven_turbo_v2_5"), is(40_000));
        assertThat(ResolvedRequest.maxTextLength("eleven_v3"), is(3_000));
        assertThat(ResolvedRequest.maxTextLength("eleven_multilingual_v2"), is(10_000));
        assertThrows(ProviderException.class, () -> ResolvedRequest.checkVoice("a/b"));
        assertThrows(ProviderException.class, () -> ResolvedRequest.checkModel("x&y=z"));
    }

    @Test
    void formatsAreAskedForNativelyWhenPossible() throws Exception {
        AudioFormat ulaw = new AudioFormat(AudioEncoding.ULAW, 8000);
        assertThat(SocketKey.produced(AudioFormat.pcm(16000)).toString(), is("pcm_16000"));
        assertThat(SocketKey.produced(AudioFormat.pcm(44100)).toString(), is("pcm_44100"));
        assertThat(SocketKey.produced(ulaw).toString(), is("ulaw_8000"));
        assertThat(SocketKey.produced(AudioFormat.pcm(48000)).toString(), is("pcm_24000"));
        assertThat(HttpSynthesis.produced(AudioFormat.pcm(48000)).toString(), is("pcm_48000"));
        ProviderException wav = assertThrows(ProviderException.class,
                                             () -> SocketKey.produced(new AudioFormat(AudioEncoding.WAV, 16000)));
        assertThat(wav.kind(), is(ProviderErrorKind.INVALID_REQUEST));
    }

    @Test
    void voiceSettingsCombineConfigurationAndRequest() throws Exception {
        ElevenLabsSettings settings = new ElevenLabsSettings("k", URI.create("https://api.elevenlabs.io"), "v",
                                                             "eleven_flash_v2_5", 0.4, 0.9, RELAXED);

        VoiceSettings configured = VoiceSettings.of(settings, Map.of());
        VoiceSettings requested = VoiceSettings.of(settings, Map.of("similarity", "0.2", "speed", "1.1",
                                                                    "use_speaker_boost", "true", "other", "x"));

        assertThat(configured.toJson().toString(), is("{\"stability\":0.4,\"similarity_boost\":0.9}"));
        assertThat(requested.toJson().toString(),
                   is("{\"stability\":0.4,\"similarity_boost\":0.2,\"speed\":1.1,\"use_speaker_boost\":true}"));
        assertThrows(ProviderException.class, () -> VoiceSettings.of(settings, Map.of("style", "much")));
    }

    @Test
    void speedIsClampedToTheDocumentedRange() throws Exception {
        ElevenLabsSettings settings = new ElevenLabsSettings("k", URI.create("https://api.elevenlabs.io"), "v",
                                                             "eleven_flash_v2_5", 0.4, 0.9, RELAXED);

        assertThat(VoiceSettings.of(settings, Map.of("speed", "2")).speed(), is(VoiceSettings.MAX_SPEED));
        assertThat(VoiceSettings.of(settings, Map.of("speed", "0.25")).speed(), is(VoiceSettings.MIN_SPEED));
        assertThat(VoiceSettings.of(settings, Map.of("speed", "0.9")).speed(), is(0.9));
        assertThrows(ProviderException.class, () -> VoiceSettings.of(settings, Map.of("speed", "fast")));
        assertThrows(ProviderException.class, () -> VoiceSettings.of(settings, Map.of("speed", "NaN")));
        assertThrows(ProviderException.class, () -> VoiceSettings.of(settings, Map.of("speed", "-1")));
    }

    @Test
    void languageCodesAreIso6391AndOnlyForModelsThatTakeThem() throws Exception {
        assertThat(ResolvedRequest.languageCode("pt-BR", "eleven_flash_v2_5"), is("pt"));
        assertThat(ResolvedRequest.languageCode("DE", "eleven_turbo_v2_5"), is("de"));
        assertThat(ResolvedRequest.languageCode(null, "eleven_turbo_v2_5"), is(nullValue()));
        // The other models refuse language_code and recognize the language from the text.
        assertThat(ResolvedRequest.languageCode("en", "eleven_multilingual_v2"), is(nullValue()));
        ProviderException bad = assertThrows(ProviderException.class,
                                             () -> ResolvedRequest.languageCode("en&x=1", "eleven_flash_v2_5"));
        assertThat(bad.kind(), is(ProviderErrorKind.INVALID_REQUEST));
    }

    @Test
    void socketsAskForAlignmentAndCarryTheLanguage() {
        SocketKey plain = new SocketKey("v1", "eleven_flash_v2_5", "pcm_16000", null);
        SocketKey german = new SocketKey("v1", "eleven_flash_v2_5", "pcm_16000", "de");

        assertThat(plain.pathAndQuery(), containsString("&sync_alignment=true"));
        assertThat(plain.pathAndQuery(), not(containsString("language_code")));
        assertThat(german.pathAndQuery(), containsString("&language_code=de"));
        assertThat(plain.equals(german), is(false));
    }

    @Test
    void spokenCharactersLeaveOutWhitespace() {
        CharAlignment alignment = new CharAlignment(List.of("H", "i", " ", "\u00a0", "!"), new long[5], new long[5]);

        assertThat(alignment.spokenChars(), is(3));
        assertThat(CharAlignment.spokenChars(" Hi,\u00a0you\t there. "), is(12));
    }

    @Test
    void previousTextIsTheEndOfWhatWasSaid() {
        assertThat(HttpSynthesis.previousText(""), is(nullValue()));
        assertThat(HttpSynthesis.previousText("Hello there. "), is("Hello there."));
        String longText = "word ".repeat(200);
        String previous = HttpSynthesis.previousText(longText);
        assertThat(previous.length() <= HttpSynthesis.PREVIOUS_TEXT_MAX_CHARS, is(true));
        assertThat(previous, startsWith("word"));
    }

    @Test
    void httpBodiesCarryLanguageAndPreviousText() throws Exception {
        ResolvedRequest request = new ResolvedRequest("Hi.", "v1", "eleven_flash_v2_5",
                                                      new VoiceSettings(0.5, 0.75, null, 1.2, null), "pt",
                                                      AudioFormat.pcm(16000), false);

        JsonNode body = ElevenLabsMessages.JSON.readTree(ElevenLabsMessages.httpBody(request, "Before."));
        JsonNode bare = ElevenLabsMessages.JSON.readTree(ElevenLabsMessages.httpBody(
                new ResolvedRequest("Hi.", "v1", "eleven_v3", new VoiceSettings(0.5, 0.75, null, null, null), null,
                                    AudioFormat.pcm(16000), false), null));

        assertThat(body.get("language_code").asText(), is("pt"));
        assertThat(body.get("previous_text").asText(), is("Before."));
        assertThat(body.get("voice_settings").get("speed").asDouble(), is(1.2));
        assertThat(bare.has("language_code"), is(false));
        assertThat(bare.has("previous_text"), is(false));
    }

    @Test
    void clientMessagesFollowTheProtocol() throws Exception {
        VoiceSettings settings = new VoiceSettings(0.5, 0.75, null, null, null);

        JsonNode init = ElevenLabsMessages.JSON.readTree(ElevenLabsMessages.initContext("c1", settings));
        JsonNode text = ElevenLabsMessages.JSON.readTree(ElevenLabsMessages.textAndFlush("c1", "Hello"));
        JsonNode close = ElevenLabsMessages.JSON.readTree(ElevenLabsMessages.closeContext("c1"));

        assertThat(init.get("text").asText(), is(" "));
        assertThat(init.get("context_id").asText(), is("c1"));
        assertThat(init.get("voice_settings").get("similarity_boost").asDouble(), is(0.75));
        assertThat(text.get("text").asText(), is("Hello "));
        assertThat(text.get("flush").asBoolean(), is(true));
        assertThat(close.get("close_context").asBoolean(), is(true));
        assertThat(close.has("text"), is(false));
    }

    private static ProviderException http(int status, String body) {
        JsonNode parsed;
        try {
            parsed = ElevenLabsMessages.JSON.readTree(body);
        } catch (Exception e) {
            parsed = null;
        }
        return ElevenLabsErrors.forHttp(status, ElevenLabsMessages.httpCode(parsed));
    }

    private static ProviderException frame(String json) throws Exception {
        JsonNode node = ElevenLabsMessages.JSON.readTree(json);
        assertThat(ElevenLabsMessages.isErrorFrame(node), is(true));
        return ElevenLabsErrors.forSocket(ElevenLabsMessages.frameCode(node), node.path("code").asInt(1008));
    }
}
