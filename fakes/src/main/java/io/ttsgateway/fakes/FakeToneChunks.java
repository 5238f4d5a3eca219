package io.ttsgateway.fakes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link FakeAudio}'s tone, each chunk computed once: every response of a fake holds the same
 * chunks, and computing the sines of 1,000 real-time streams costs a benchmark's stand-in a core.
 * The arrays handed out are shared: callers only write them to sockets.
 */
final class FakeToneChunks {

    /** At most this many chunks are kept (a few MB). */
    private static final int MAX_CHUNKS = 2_000;

    private final int sampleRate;
    private final Map<Chunk, byte[]> chunks = new ConcurrentHashMap<>();

    /** Where a chunk is in a response's tone. */
    private record Chunk(long firstSample, int samples) {
    }

    FakeToneChunks(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    /**
     * The same bytes as {@link FakeAudio#pcm}.
     *
     * @param firstSample index of the first sample in the response's stream
     * @param samples     how many
     * @return the bytes, not to be changed
     */
    byte[] pcm(long firstSample, int samples) {
        Chunk key = new Chunk(firstSample, samples);
        byte[] known = chunks.get(key);
        if (known != null) {
            return known;
        }
        byte[] computed = FakeAudio.pcm(sampleRate, firstSample, samples);
        if (chunks.size() < MAX_CHUNKS) {
            chunks.put(key, computed);
        }
        return computed;
    }
}
