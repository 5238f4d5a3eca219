package io.ttsgateway.elevenlabs;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeElevenLabs;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;

import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.KEY;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.readAll;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.settings;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.startFake;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A segment opened ahead waits for the one before it without its first-byte clock running: the
 * provider's delay for a segment counts from the end of the audio before it.
 */
class ElevenLabsSegmentClockTest {

    /** A second of first-byte wait; each segment's audio takes two. */
    private static final ProviderTimeouts ONE_SECOND = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1),
                                                                             Duration.ofSeconds(1));
    private static final int CHUNKS = 20;
    private static final int SAMPLES = CHUNKS * FakeAudio.samplesPerChunk(16000, 100);

    private FakeElevenLabs fake;
    private ElevenLabsProvider provider;

    @BeforeEach
    void start() {
        fake = startFake();
        fake.behavior().chunks(CHUNKS).chunkMillis(100).chunkInterval(Duration.ofMillis(100))
                .firstChunkDelay(Duration.ofMillis(300));
        provider = new ElevenLabsProvider(settings(fake, KEY, ONE_SECOND));
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void aSegmentOpenedAheadTimesItsFirstByteFromTheEndOfTheOneBefore() throws Exception {
        try (ProviderSession session = provider.openSession(); Continuation utterance = session.openContinuation()) {
            AudioStream first = utterance.open(segment("Sure, I can help with that. "));
            AudioStream second = utterance.open(segment("The weather looks fine today."));
            utterance.finish();

            // Two seconds of the first segment's audio pass before the second's starts, 300 ms after.
            assertThat(readAll(first), is(FakeAudio.pcm(16000, 0, SAMPLES)));
            assertThat(readAll(second), is(FakeAudio.pcm(16000, SAMPLES, SAMPLES)));
        }
    }

    private static SynthesisRequest segment(String text) {
        return new SynthesisRequest(text, null, null, AudioFormat.pcm(16000), Map.of(), false);
    }
}
