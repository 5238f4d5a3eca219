package io.ttsgateway;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeOpenAi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * Every client format, decoded back (with decoders written here from the standards, not the
 * gateway's) and compared to the PCM it came from: the tone provider's native PCM, and OpenAI's
 * fixed 24 kHz PCM, which the gateway resamples. Also a telephony connection that sets
 * {@code ?format=ulaw_8000} once.
 */
@ServerTest
class AudioFormatsTest {

    private static final String KEY = "sk-formats-test-key";
    private static final String TEXT = "Formats are converted once per stream.";
    private static final int[] RATES = {8000, 16000, 22050, 24000, 44100, 48000};
    private static FakeOpenAi openAi;
    private static Gateway gateway;
    private final int port;

    AudioFormatsTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        openAi = FakeOpenAi.start(KEY);
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "tone",
                                                    "TONE_PER_CHARACTER", "PT0.02S",
                                                    "OPENAI_API_KEY", KEY,
                                                    "OPENAI_BASE_URL", openAi.baseUrl()));
    }

    @AfterAll
    static void close() {
        gateway.close();
        openAi.close();
    }

    static Stream<Integer> rates() {
        return Arrays.stream(RATES).boxed();
    }

    @ParameterizedTest
    @MethodSource("rates")
    void pcmAndWavCarryTheProvidersSamples(int rate) {
        try (TestClient client = TestClient.connect(port)) {
            byte[] pcm = audio(client, "pcm", "pcm_" + rate);
            byte[] wav = audio(client, "wav", "wav_" + rate);
            assertThat(pcm.length, is(rate * 2 * TEXT.length() * 20 / 1000));
            assertWavHeader(wav, rate);
            assertThat(Arrays.equals(Arrays.copyOfRange(wav, 44, wav.length), pcm), is(true));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ulaw_8000", "alaw_8000"})
    void g711DecodesToThePcmItWasEncodedFromAndSharesItsCacheEntry(String format) {
        try (TestClient client = TestClient.connect(port)) {
            String text = "A telephone call in " + format + ".";
            client.synthesize("pcm", text, "format", "pcm_8000");
            short[] reference = samples(client.response("pcm").audio());
            client.synthesize("g711", text, "format", format);
            TestClient.Response encoded = client.response("g711");
            assertThat(encoded.start().path("format").asText(), is(format));
            assertThat("one cache entry per provider output serves every client format",
                       encoded.start().path("source").asText(), is("cache"));
            short[] decoded = format.startsWith("ulaw") ? decodeMuLaw(encoded.audio()) : decodeALaw(encoded.audio());
            assertThat(decoded.length, is(reference.length));
            assertThat(snrDb(reference, decoded), greaterThan(30.0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcm_8000", "pcm_16000", "pcm_22050", "pcm_44100", "wav_48000", "ulaw_8000", "alaw_8000"})
    void resampledOpenAiAudioKeepsItsToneAndLength(String format) {
        try (TestClient client = TestClient.connect(port)) {
            client.synthesize("source", TEXT, "provider", "openai", "format", "pcm_24000");
            byte[] source = client.response("source").audio();
            client.synthesize("converted", TEXT, "provider", "openai", "format", format);
            TestClient.Response converted = client.response("converted");
            assertThat(converted.status(), is("completed"));
            byte[] bytes = converted.audio();
            int rate = Integer.parseInt(format.substring(format.indexOf('_') + 1));
            short[] samples = switch (format.substring(0, format.indexOf('_'))) {
                case "ulaw" -> decodeMuLaw(bytes);
                case "alaw" -> decodeALaw(bytes);
                case "wav" -> {
                    assertWavHeader(bytes, rate);
                    yield samples(Arrays.copyOfRange(bytes, 44, bytes.length));
                }
                default -> samples(bytes);
            };
            double sourceSeconds = source.length / 2.0 / FakeOpenAi.SAMPLE_RATE;
            assertThat(samples.length / (double) rate, closeTo(sourceSeconds, sourceSeconds * 0.01));
            double expected = FakeAudio.AMPLITUDE / 32768.0;
            assertThat(Tones.magnitude(bytesOf(samples), rate, FakeAudio.FREQUENCY), closeTo(expected, expected * 0.05));
        }
    }

    @Test
    void aTelephonyConnectionSetsItsFormatOnce() {
        try (TestClient client = TestClient.connect(port, "?format=ulaw_8000")) {
            client.synthesize("call", "Hello from the phone bridge.");
            TestClient.Response call = client.response("call");
            assertThat(call.start().path("format").asText(), is("ulaw_8000"));
            assertThat(call.audio().length, is(8000 * "Hello from the phone bridge.".length() * 20 / 1000));
            client.synthesize("reference", "Hello from the phone bridge.", "format", "pcm_8000");
            short[] reference = samples(client.response("reference").audio());
            assertThat(snrDb(reference, decodeMuLaw(call.audio())), greaterThan(30.0));

            client.synthesize("own", "A request may still choose.", "format", "pcm_16000");
            assertThat(client.response("own").start().path("format").asText(), is("pcm_16000"));
        }
    }

    @Test
    void anUnknownFormatInTheQueryFailsOnlyTheRequestsThatRelyOnIt() {
        try (TestClient client = TestClient.connect(port, "?format=mp3_44100")) {
            TestClient.Text warning = client.nextText();
            assertThat(warning.action(), is("error"));
            assertThat(warning.json().path("code").asText(), is("unsupported_format"));
            client.synthesize("relies", "Which format?");
            TestClient.Text error = client.nextText();
            assertThat(error.json().path("code").asText(), is("unsupported_format"));
            assertThat(error.requestId(), is("relies"));
            client.synthesize("chooses", "This one.", "format", "pcm_16000");
            assertThat(client.response("chooses").status(), is("completed"));
        }
    }

    @Test
    void anUnknownRequestFormatOrProviderFailsThatRequestOnly() {
        try (TestClient client = TestClient.connect(port)) {
            for (String format : List.of("pcm_11025", "ulaw_16000", "mp3_44100", "opus")) {
                client.synthesize("f", "Hello.", "format", format);
                assertThat(format, client.nextText().json().path("code").asText(), is("unsupported_format"));
            }
            client.synthesize("p", "Hello.", "provider", "nope");
            assertThat(client.nextText().json().path("code").asText(), is("unknown_provider"));
            client.synthesize("ok", "Hello.");
            assertThat(client.response("ok").status(), is("completed"));
        }
    }

    private static byte[] audio(TestClient client, String id, String format) {
        client.synthesize(id, TEXT, "format", format);
        TestClient.Response response = client.response(id);
        assertThat(response.start().path("format").asText(), is(format));
        return response.audio();
    }

    private static void assertWavHeader(byte[] wav, int rate) {
        ByteBuffer header = ByteBuffer.wrap(wav, 0, 44).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII), is("RIFF"));
        assertThat(new String(wav, 8, 8, StandardCharsets.US_ASCII), is("WAVEfmt "));
        assertThat(header.getShort(20), is((short) 1)); // PCM
        assertThat(header.getShort(22), is((short) 1)); // mono
        assertThat(header.getInt(24), is(rate));
        assertThat(header.getShort(34), is((short) 16));
        assertThat(new String(wav, 36, 4, StandardCharsets.US_ASCII), is("data"));
    }

    private static short[] samples(byte[] pcm) {
        short[] samples = new short[pcm.length / 2];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    private static byte[] bytesOf(short[] samples) {
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(samples);
        return bytes.array();
    }

    /** ITU-T G.711 mu-law expansion. */
    private static short[] decodeMuLaw(byte[] codes) {
        short[] out = new short[codes.length];
        for (int i = 0; i < codes.length; i++) {
            int u = ~codes[i] & 0xFF;
            int exponent = (u >> 4) & 0x07;
            int magnitude = ((((u & 0x0F) << 3) + 0x84) << exponent) - 0x84;
            out[i] = (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
        }
        return out;
    }

    /** ITU-T G.711 A-law expansion. */
    private static short[] decodeALaw(byte[] codes) {
        short[] out = new short[codes.length];
        for (int i = 0; i < codes.length; i++) {
            int a = (codes[i] & 0xFF) ^ 0x55;
            int exponent = (a >> 4) & 0x07;
            int mantissa = a & 0x0F;
            int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
            out[i] = (short) ((a & 0x80) != 0 ? magnitude : -magnitude);
        }
        return out;
    }

    private static double snrDb(short[] reference, short[] decoded) {
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < reference.length; i++) {
            signal += (double) reference[i] * reference[i];
            double error = reference[i] - decoded[i];
            noise += error * error;
        }
        return 10 * Math.log10(signal / Math.max(noise, 1));
    }
}
