package io.ttsgateway.session.options;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.ProtocolException;
import io.ttsgateway.session.protocol.RequestOptions;
import io.ttsgateway.synthesis.ProviderRegistry;
import io.ttsgateway.tone.ToneProvider;
import io.ttsgateway.tone.ToneSettings;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request's options laid over the connection's query-string defaults, then resolved to a
 * provider and a format.
 */
class OptionResolutionTest {

    private static final AudioFormat DEFAULT_FORMAT = AudioFormat.pcm(24000);
    private static final TtsProvider TONE = new ToneProvider(
            new ToneSettings(Duration.ZERO, Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(10), 440));
    private static final TtsProvider OTHER = new NamedProvider("other");
    private static final ProviderRegistry PROVIDERS = new ProviderRegistry(List.of(TONE, OTHER), "tone", List.of());

    @Test
    void withNothingAskedTheDefaultProviderAndFormatSpeak() throws ProtocolException {
        OptionResolution resolution = OptionResolution.withoutDefaults(PROVIDERS, DEFAULT_FORMAT);
        OptionResolution.Resolved resolved = resolution.resolve("r1", RequestOptions.NONE);
        assertSame(TONE, resolved.provider());
        assertEquals(new RequestSpec(DEFAULT_FORMAT, null, null, Map.of(), false), resolved.spec());
        assertTrue(resolution.problem().isEmpty());
    }

    @Test
    void aRequestsOwnOptionsWinOverTheQueryStrings() throws ProtocolException {
        OptionResolution resolution = OptionResolution.withDefaults(PROVIDERS, DEFAULT_FORMAT, query(Map.of(
                "provider", "other", "voice", "v1", "format", "ulaw_8000", "speed", "1.5", "timestamps", "true")));
        assertTrue(resolution.problem().isEmpty());
        OptionResolution.Resolved resolved = resolution.resolve("r1", new RequestOptions(
                null, "v2", "m2", null, null, "pt-BR", null));
        assertSame(OTHER, resolved.provider());
        assertEquals(new RequestSpec(AudioFormat.parse("ulaw_8000"), "v2", "m2",
                                     Map.of(SynthesisRequest.SPEED, "1.5", SynthesisRequest.LANGUAGE, "pt-BR"), true),
                     resolved.spec());
    }

    @Test
    void anUnknownProviderOrFormatIsRefusedNamingTheRequest() {
        OptionResolution resolution = OptionResolution.withoutDefaults(PROVIDERS, DEFAULT_FORMAT);
        ProtocolException provider = assertThrows(ProtocolException.class, () -> resolution.resolve(
                "r1", new RequestOptions("nope", null, null, null, null, null, null)));
        assertEquals(ErrorCode.UNKNOWN_PROVIDER, provider.error().code());
        assertEquals("provider 'nope' is not available; this gateway offers tone, other", provider.error().message());
        assertEquals("r1", provider.requestId());
        ProtocolException format = assertThrows(ProtocolException.class, () -> resolution.resolve(
                "r2", new RequestOptions(null, null, null, "mp3_44100", null, null, null)));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, format.error().code());
        assertEquals("r2", format.requestId());
    }

    @Test
    void aMalformedQueryStringFailsEveryRequest() {
        OptionResolution resolution = OptionResolution.withDefaults(PROVIDERS, DEFAULT_FORMAT,
                                                                    query(Map.of("speed", "fast")));
        assertEquals("query parameter speed must be a number", resolution.problem().orElseThrow().error().message());
        ProtocolException refused = assertThrows(ProtocolException.class,
                                                  () -> resolution.resolve("r1", RequestOptions.NONE));
        assertEquals(ErrorCode.INVALID_MESSAGE, refused.error().code());
        assertEquals("the connection's query string is invalid: query parameter speed must be a number",
                     refused.error().message());
        assertEquals("r1", refused.requestId());
    }

    @Test
    void anUnknownProviderInTheQueryStringIsToldAtOpenAndFailsOnlyTheRequestsRelyingOnIt()
            throws ProtocolException {
        OptionResolution resolution = OptionResolution.withDefaults(PROVIDERS, DEFAULT_FORMAT,
                                                                    query(Map.of("provider", "nope")));
        ProtocolException warning = resolution.problem().orElseThrow();
        assertEquals(ErrorCode.UNKNOWN_PROVIDER, warning.error().code());
        assertTrue(warning.error().message().startsWith("in the connection's query string: provider 'nope'"));
        assertThrows(ProtocolException.class, () -> resolution.resolve("r1", RequestOptions.NONE));
        assertSame(TONE, resolution.resolve("r2", new RequestOptions("tone", null, null, null, null, null, null))
                .provider());
    }

    @Test
    void emptyQueryParametersAreNotGiven() throws ProtocolException {
        OptionResolution resolution = OptionResolution.withDefaults(PROVIDERS, DEFAULT_FORMAT,
                                                                    query(Map.of("voice", "", "format", "")));
        assertTrue(resolution.problem().isEmpty());
        RequestSpec spec = resolution.resolve(null, RequestOptions.NONE).spec();
        assertEquals(DEFAULT_FORMAT, spec.format());
        assertFalse(spec.timestamps());
        assertEquals(null, spec.voice());
    }

    private static java.util.function.Function<String, String> query(Map<String, String> parameters) {
        return parameters::get;
    }

    /** A provider known by name only; nothing here opens audio. */
    private record NamedProvider(String name) implements TtsProvider {
        @Override
        public ProviderCapabilities capabilities() {
            return new ProviderCapabilities(Set.of(DEFAULT_FORMAT), false, false, Integer.MAX_VALUE);
        }

        @Override
        public AudioStream open(SynthesisRequest request) {
            throw new UnsupportedOperationException();
        }
    }
}
