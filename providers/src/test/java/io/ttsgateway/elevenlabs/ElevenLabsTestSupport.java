package io.ttsgateway.elevenlabs;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.fakes.FakeElevenLabs;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.WordAlignment;

/**
 * Shared pieces of the ElevenLabs tests: the key, settings pointing at a fake, requests, and
 * reading a stream to its end.
 */
final class ElevenLabsTestSupport {

    /** The key the fake accepts; looks like a real one so a leak would be recognizable. */
    static final String KEY = "sk_7f3c9e1ab25d4f6e8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d";
    /** The configured voice. */
    static final String VOICE = "21m00Tcm4TlvDq8ikWAM";
    /** The configured model. */
    static final String MODEL = "eleven_flash_v2_5";
    /** Timeouts generous enough for a loaded machine: only upper bounds. */
    static final ProviderTimeouts RELAXED = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10),
                                                                 Duration.ofSeconds(10));
    /** Timeouts short enough for the stall tests. */
    static final ProviderTimeouts SHORT = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofMillis(500),
                                                               Duration.ofMillis(500));
    /** Upper bound of any wait in the tests. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** Chunks the fake sends per request in these tests. */
    static final int CHUNKS = 5;
    /** Audio per chunk. */
    static final int CHUNK_MILLIS = 100;

    private ElevenLabsTestSupport() {
    }

    static ElevenLabsSettings settings(FakeElevenLabs fake, String key, ProviderTimeouts timeouts) {
        return new ElevenLabsSettings(key, URI.create(fake.baseUrl()), VOICE, MODEL, 0.5, 0.75, timeouts);
    }

    static FakeElevenLabs startFake() {
        FakeElevenLabs fake = FakeElevenLabs.start(KEY);
        fake.behavior().chunks(CHUNKS).chunkMillis(CHUNK_MILLIS).firstChunkDelay(Duration.ofMillis(20))
                .chunkInterval(Duration.ofMillis(5));
        return fake;
    }

    static SynthesisRequest request(String format) {
        return new SynthesisRequest("Hello from the gateway.", null, null, AudioFormat.parse(format), Map.of());
    }

    static SynthesisRequest request(String text, String voice, String model, String format, boolean timestamps) {
        return new SynthesisRequest(text, voice, model, AudioFormat.parse(format), Map.of(), timestamps);
    }

    /**
     * Reads a stream to its end and closes it.
     *
     * @param stream the stream
     * @return every byte, in order
     */
    static byte[] readAll(AudioStream stream) throws ProviderException, InterruptedException {
        try (stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk;
            while ((chunk = stream.read()) != null) {
                out.writeBytes(chunk);
            }
            return out.toByteArray();
        }
    }

    /**
     * Reads a stream to its end, collecting its word timings.
     *
     * @param stream the stream
     * @return the timings, in order
     */
    static List<WordAlignment> readAlignments(AudioStream stream) throws ProviderException, InterruptedException {
        List<WordAlignment> alignments = new ArrayList<>();
        try (stream) {
            boolean more = true;
            while (more) {
                more = stream.read() != null;
                WordAlignment next;
                while ((next = stream.nextAlignment()) != null) {
                    alignments.add(next);
                }
            }
        }
        return alignments;
    }

    /**
     * All words of a list of timings, flattened.
     *
     * @param alignments the timings
     * @return words, starts and ends
     */
    static WordAlignment flatten(List<WordAlignment> alignments) {
        List<String> words = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        for (WordAlignment a : alignments) {
            words.addAll(a.words());
            starts.addAll(a.startMs());
            ends.addAll(a.endMs());
        }
        return new WordAlignment(words, starts, ends);
    }

    /**
     * The failure a stream ends with.
     *
     * @param stream the stream
     * @return the exception read() threw
     * @throws AssertionError when the stream ended normally
     */
    static ProviderException failureOf(AudioStream stream) throws InterruptedException {
        try {
            readAll(stream);
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("the stream ended without failing");
    }
}
