package io.ttsgateway.elevenlabs;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeElevenLabs;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;

import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.CHUNKS;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.CHUNK_MILLIS;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.KEY;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.RELAXED;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.SHORT;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.WAIT;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.failureOf;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.flatten;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.readAlignments;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.readAll;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.request;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.settings;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.startFake;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * HTTP streaming, which {@link ElevenLabsProvider#open} uses, against the fake.
 */
class ElevenLabsHttpTest {

    /** Chunks the fake writes in a second at a 50 ms interval. */
    private static final int CHUNKS_PER_SECOND_AT_50_MS = 20;

    private FakeElevenLabs fake;
    private ElevenLabsProvider provider;

    @BeforeEach
    void start() {
        fake = startFake();
        provider = new ElevenLabsProvider(settings(fake, KEY, RELAXED));
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void streamsCompleteAudioInOrder() throws Exception {
        AudioStream stream = provider.open(request("pcm_22050"));

        assertThat(stream.format(), is(AudioFormat.pcm(22050)));
        assertThat(readAll(stream), is(FakeAudio.pcmStream(22050, CHUNKS, CHUNK_MILLIS)));
        assertThat(fake.events().await("request:", WAIT), is("request:http-1:pcm_22050:eleven_flash_v2_5"));
    }

    @Test
    void asksForFortyEightKilohertzItself() throws Exception {
        AudioStream stream = provider.open(request("pcm_48000"));

        assertThat(readAll(stream), is(FakeAudio.pcmStream(48000, CHUNKS, CHUNK_MILLIS)));
        assertThat(fake.events().await("request:", WAIT), containsString(":pcm_48000:"));
    }

    static Stream<Arguments> failures() {
        return Stream.of(Arguments.of(FakeBehavior.Failure.UNAUTHORIZED, ProviderErrorKind.AUTH_FAILED),
                         Arguments.of(FakeBehavior.Failure.RATE_LIMITED, ProviderErrorKind.RATE_LIMITED),
                         Arguments.of(FakeBehavior.Failure.SERVER_ERROR, ProviderErrorKind.UNAVAILABLE),
                         Arguments.of(FakeBehavior.Failure.DROP_MID_STREAM, ProviderErrorKind.UNAVAILABLE),
                         Arguments.of(FakeBehavior.Failure.STALL_BEFORE_AUDIO, ProviderErrorKind.TIMEOUT),
                         Arguments.of(FakeBehavior.Failure.STALL_MID_STREAM, ProviderErrorKind.TIMEOUT));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void failsWithTheRightKindAndRecovers(FakeBehavior.Failure failure, ProviderErrorKind kind) throws Exception {
        ElevenLabsProvider shortTimeouts = new ElevenLabsProvider(settings(fake, KEY, SHORT));
        try {
            fake.behavior().failNext(failure);

            ProviderException error = failureOf(shortTimeouts.open(request("pcm_16000")));

            assertThat(error.kind(), is(kind));
            assertThat(error.getMessage(), not(containsString(KEY)));
            assertThat(readAll(shortTimeouts.open(request("pcm_16000"))),
                       is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
        } finally {
            shortTimeouts.close();
        }
    }

    @Test
    void cancelClosesTheResponse() throws Exception {
        // A 5 s response; a close that only drained the body would let the fake write all of it.
        fake.behavior().chunks(100).chunkInterval(Duration.ofMillis(50));
        AudioStream stream = provider.open(request("pcm_16000"));
        assertThat(stream.read(), not(nullValue()));

        stream.close();

        assertThat(fake.events().await("cancel:", WAIT), is("cancel:http-1"));
        String written = fake.events().await("written:http-1:", WAIT);
        // The fake's writes fail once the connection is cut: at most a second of chunks after the first.
        assertThat(Integer.parseInt(written.substring("written:http-1:".length())),
                   lessThanOrEqualTo(1 + CHUNKS_PER_SECOND_AT_50_MS));
        assertThat(stream.read(), nullValue());
    }

    @Test
    void wordTimingsFromTheTimestampedStream() throws Exception {
        AudioStream stream = provider.open(request("Hello brave new world again", null, null, "pcm_16000", true));

        WordAlignment words = flatten(readAlignments(stream));

        assertThat(words.words(), contains("Hello", "brave", "new", "world", "again"));
        // 27 characters over five 100 ms chunks, times in seconds from the start of the response:
        // chunk 4 holds " again", six characters of 16 ms, so "again" starts at 400 + 16 ms.
        assertThat(words.startMs().get(0), is(0L));
        assertThat(words.startMs().get(4), is(416L));
        assertThat(fake.events().await("request:", WAIT), is("request:http-1:pcm_16000:eleven_flash_v2_5"));
    }

    @Test
    void aWrongKeyIsAnAuthFailure() throws Exception {
        String wrongKey = "sk_1111111111111111111111111111111111111111111111bad";
        ElevenLabsProvider wrong = new ElevenLabsProvider(settings(fake, wrongKey, RELAXED));
        try {
            ProviderException error = failureOf(wrong.open(request("pcm_16000")));

            assertThat(error.kind(), is(ProviderErrorKind.AUTH_FAILED));
            assertThat(error.providerStatus(), is(401));
            assertThat(error.getMessage(), not(containsString(wrongKey)));
            assertThat(error.getMessage(), not(containsString("Invalid API key")));
        } finally {
            wrong.close();
        }
    }

    @Test
    void unknownVoiceIsAnInvalidRequest() throws Exception {
        ProviderException error = failureOf(provider.open(request("Hi.", FakeElevenLabs.UNKNOWN_VOICE, null,
                                                                  "pcm_16000", false)));

        assertThat(error.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(fake.events().all(), hasItem("rejected:voice"));
    }

    @Test
    void closingTheProviderFailsItsStreams() throws Exception {
        fake.behavior().failNext(FakeBehavior.Failure.STALL_BEFORE_AUDIO);
        AudioStream stream = provider.open(request("pcm_16000"));
        fake.events().await("stalled:", WAIT);

        provider.close();

        assertThat(failureOf(stream).kind(), is(ProviderErrorKind.UNAVAILABLE));
    }
}
