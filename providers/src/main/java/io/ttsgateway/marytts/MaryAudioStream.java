package io.ttsgateway.marytts;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.audio.Resampler;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.capacity.Permit;

/**
 * The audio of one request from the embedded engine: one segment at a time, each handed on piece by
 * piece as the engine makes it, resampled by one resampler for the whole stream, in fixed-size
 * chunks; a segment's words come with its first chunk, timed from the start of the stream. Its slot at the engine's gate, if it holds one, is freed as soon
 * as its last sentence is synthesized, or when it is closed.
 */
final class MaryAudioStream implements AudioStream {

    private final MaryEngines engines;
    private final List<String> segments;
    private final AudioFormat format;
    private final double rate;
    private final boolean timed;
    private final int chunkBytes;
    /** Null when the stream's utterance holds the slot. */
    private final Permit permit;
    private final Deque<byte[]> ready = new ArrayDeque<>();
    private final List<TimedWord> untaken = new ArrayList<>();
    private Resampler resampler;
    private byte[] carry = new byte[0];
    private int nextSegment;
    /** The segment being synthesized, null between segments. */
    private SpeechFeed feed;
    /** Where the next piece starts in the stream, from the engine's samples before it. */
    private double elapsedMs;
    private boolean ended;
    private volatile boolean closed;

    /** Prepares the stream of PCM {@code format}; nothing is synthesized before the first read. */
    MaryAudioStream(MaryEngines engines, List<String> segments, AudioFormat format, Duration chunk, double rate,
                    boolean timed, Permit permit) {
        if (format.encoding() != AudioEncoding.PCM) {
            throw new IllegalArgumentException("embedded engine produces PCM only, not " + format);
        }
        this.engines = engines;
        this.segments = segments;
        this.format = format;
        this.rate = rate;
        this.timed = timed;
        this.chunkBytes = (int) (format.bytesPerSecond() * chunk.toMillis() / 1000) & ~1;
        this.permit = permit;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        while (ready.isEmpty()) {
            checkOpen();
            if (ended) {
                return null;
            }
            if (feed != null) {
                MarySpeech piece = feed.next();
                if (piece == null) {
                    feed = null;
                } else {
                    enqueue(convert(piece), false);
                }
            } else if (nextSegment < segments.size()) {
                feed = engines.synthesize(segments.get(nextSegment++), rate, timed);
            } else {
                enqueue(resampler == null ? new byte[0] : resampler.flush(), true);
                ended = true;
                release();
            }
        }
        checkOpen();
        return ready.poll();
    }

    @Override
    public WordAlignment nextAlignment() {
        if (untaken.isEmpty()) {
            return null;
        }
        List<String> words = new ArrayList<>(untaken.size());
        List<Long> starts = new ArrayList<>(untaken.size());
        List<Long> ends = new ArrayList<>(untaken.size());
        for (TimedWord word : untaken) {
            words.add(word.word());
            starts.add(Math.round(word.startMs()));
            ends.add(Math.round(word.endMs()));
        }
        untaken.clear();
        return new WordAlignment(words, starts, ends);
    }

    @Override
    public void close() {
        // A flag for the deque, which belongs to the reading thread (it checks the flag before each chunk); the slot is free at once.
        closed = true;
        release();
    }

    private void release() {
        if (permit != null) {
            permit.close();
        }
    }

    private void checkOpen() throws ProviderException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("synthesis cancelled");
        }
        if (closed) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, "audio stream closed");
        }
    }

    /** A piece of the current segment, resampled; the segment's words come with its first piece. */
    private byte[] convert(MarySpeech piece) {
        if (resampler == null) {
            resampler = Resampler.create(piece.sampleRate(), format.sampleRate());
        }
        for (TimedWord word : piece.words()) {
            untaken.add(word.shifted(elapsedMs));
        }
        elapsedMs += piece.durationMs();
        return resampler.process(piece.pcm());
    }

    /** Cuts converted audio into chunks of the configured size; a short remainder waits for more. */
    private void enqueue(byte[] pcm, boolean last) {
        byte[] all = carry.length == 0 ? pcm : concat(carry, pcm);
        int offset = 0;
        while (all.length - offset >= chunkBytes) {
            ready.add(Arrays.copyOfRange(all, offset, offset + chunkBytes));
            offset += chunkBytes;
        }
        carry = Arrays.copyOfRange(all, offset, all.length);
        if (last && carry.length > 0) {
            ready.add(carry);
            carry = new byte[0];
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
