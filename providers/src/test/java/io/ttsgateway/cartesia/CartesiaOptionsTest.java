package io.ttsgateway.cartesia;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.fakes.FakeCartesia;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The request options {@code speed} and {@code language} as Cartesia receives them, per model and API
 * version, through the fake (which checks each version's speed controls and its language list).
 */
class CartesiaOptionsTest {

    private static final String KEY = "sk_car_TEST-options-0123456789";
    private static final ProviderTimeouts TIMEOUTS = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                                                                           Duration.ofSeconds(5));
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TEXT = "Hello there, how can I help you today?";

    private FakeCartesia fake;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startFake() {
        fake = FakeCartesia.start(KEY);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
        fake.close();
    }

    @ParameterizedTest(name = "{0} {1} speed {2}")
    @CsvSource({
            // sonic-3: generation_config.speed, clamped to 0.6-1.5, in every version
            "2025-04-16, sonic-3, 1.3, /generation_config/speed, 1.3",
            "2025-04-16, sonic-3, 3.0, /generation_config/speed, 1.5",
            "2024-06-10, sonic-3, 0.25, /generation_config/speed, 0.6",
            // earlier models before 2025-04-16: voice.__experimental_controls.speed = log2(factor) in -1..1
            "2024-11-13, sonic-2, 2.0, /voice/__experimental_controls/speed, 1.0",
            "2024-11-13, sonic-2, 4.0, /voice/__experimental_controls/speed, 1.0",
            "2024-06-10, sonic-english, 0.25, /voice/__experimental_controls/speed, -1.0",
            "2024-11-13, sonic-2, 1.25, /voice/__experimental_controls/speed, 0.32",
            "2024-11-13, sonic-2, 1.0, /voice/__experimental_controls/speed, 0.0",
            // earlier models from 2025-04-16: the named speed
            "2025-04-16, sonic-2, 1.3, /speed, fast",
            "2025-04-16, sonic-2, 0.5, /speed, slow",
            "2025-04-16, sonic-2, 1.05, /speed, normal",
            "2026-03-01, sonic-turbo, 1.5, /speed, fast",
    })
    void speedTakesTheControlOfTheModelAndVersion(String version, String model, String speed, String pointer,
                                                  String expected) throws Exception {
        JsonNode sent = synthesize(version, new SynthesisRequest(TEXT, null, model, AudioFormat.pcm(24000),
                                                                  Map.of(SynthesisRequest.SPEED, speed)));
        JsonNode value = sent.at(pointer);
        if (value.isNumber()) {
            assertThat(value.asDouble(), is(Double.parseDouble(expected)));
        } else {
            assertThat(value.asText(), is(expected));
        }
        // Exactly one speed control is used.
        int controls = (sent.has("speed") ? 1 : 0) + (sent.at("/generation_config/speed").isMissingNode() ? 0 : 1)
                + (sent.at("/voice/__experimental_controls").isMissingNode() ? 0 : 1);
        assertThat(controls, is(1));
    }

    @ParameterizedTest
    @CsvSource({"en, en", "pt-BR, pt", "ZH_hans, zh", "' fr ', fr", "sv, sv"})
    void languageIsSentAsItsPrimarySubtag(String requested, String sent) throws Exception {
        JsonNode json = synthesize("2024-06-10", new SynthesisRequest(TEXT, null, null, AudioFormat.pcm(16000),
                                                                      Map.of(SynthesisRequest.LANGUAGE, requested)));
        assertThat(json.path("language").asText(), is(sent));
        assertThat(fake.events().await("request:", Duration.ofSeconds(10)), containsString(" language=" + sent + " "));
    }

    @Test
    void noLanguageAskedSendsNone() throws Exception {
        JsonNode json = synthesize(CartesiaSettings.DEFAULT_VERSION, new SynthesisRequest(
                TEXT, null, null, AudioFormat.pcm(16000), Map.of()));
        assertThat(json.has("language"), is(false));
        assertThat(json.has("speed"), is(false));
        assertThat(json.has("generation_config"), is(false));
    }

    @ParameterizedTest
    @CsvSource({"ar", "xx", "en-but-not-really-a-language-tag!", "pt-", "-"})
    void aLanguageTheVersionDoesNotListIsInvalid(String language) {
        ProviderSession session = session(CartesiaSettings.DEFAULT_VERSION);
        ProviderException e = assertThrows(ProviderException.class, () -> session.open(new SynthesisRequest(
                TEXT, null, null, AudioFormat.pcm(24000), Map.of(SynthesisRequest.LANGUAGE, language))));
        assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(e.getMessage(), containsString("supports de, en, es, fr, hi, it, ja, ko, nl, pl, pt, ru, sv, tr, zh"));
        assertThat(fake.events().count("connect"), is(0));
    }

    @Test
    void aSpeedThatIsNoNumberIsInvalid() {
        ProviderSession session = session(CartesiaSettings.DEFAULT_VERSION);
        for (String speed : List.of("quick", "-1", "0", "NaN")) {
            ProviderException e = assertThrows(ProviderException.class, () -> session.open(new SynthesisRequest(
                    TEXT, null, null, AudioFormat.pcm(24000), Map.of(SynthesisRequest.SPEED, speed))), speed);
            assertThat(speed, e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        }
        assertThat(fake.events().count("connect"), is(0));
    }

    private JsonNode synthesize(String version, SynthesisRequest request) throws Exception {
        ProviderSession session = session(version);
        try (AudioStream stream = session.open(request)) {
            while (stream.read() != null) {
                // the fake accepted every option, or the read fails
            }
        }
        assertThat(fake.events().count("rejected:"), is(0));
        return MAPPER.readTree(fake.requests().getLast());
    }

    private ProviderSession session(String version) {
        CartesiaProvider provider = new CartesiaProvider(new CartesiaSettings(KEY, URI.create(fake.baseUrl()), null,
                                                                              null, version, TIMEOUTS));
        toClose.add(provider);
        ProviderSession session = provider.openSession();
        toClose.add(session);
        return session;
    }
}
