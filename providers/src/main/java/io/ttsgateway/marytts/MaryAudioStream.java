package io.ttsgateway.marytts;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import javax.sound.sampled.AudioInputStream;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.audio.Resampler;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

import marytts.LocalMaryInterface;
import marytts.exceptions.SynthesisException;

/**
 * The audio of one request from the embedded engine: synthesizes one segment at a time, converts it
 * to the requested rate with one resampler for the whole stream, and hands it out in fixed-size
 * chunks.
 */
final class MaryAudioStream implements AudioStream {

    private final MaryTtsProvider provider;
    private final List<String> segments;
    private final AudioFormat format;
    private final int chunkBytes;
    private final Deque<byte[]> ready = new ArrayDeque<>();
    private Resampler resampler;
    private byte[] carry = new byte[0];
    private int nextSegment;
    private boolean ended;
    private volatile boolean closed;

    MaryAudioStream(MaryTtsProvider provider, List<String> segments, AudioFormat format, Duration chunk) {
        if (!MaryTtsProvider.supports(format)) {
            throw new IllegalArgumentException("embedded engine produces PCM only, not " + format);
        }
        this.provider = provider;
        this.segments = segments;
        this.format = format;
        this.chunkBytes = (int) (format.bytesPerSecond() * chunk.toMillis() / 1000) & ~1;
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
            if (nextSegment < segments.size()) {
                enqueue(synthesize(segments.get(nextSegment++)), false);
            } else {
                enqueue(resampler == null ? new byte[0] : resampler.flush(), true);
                ended = true;
            }
        }
        checkOpen();
        return ready.poll();
    }

    @Override
    public void close() {
        // Only a flag: the deque belongs to the reading thread, which checks the flag before each chunk.
        closed = true;
    }

    private void checkOpen() throws ProviderException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("synthesis cancelled");
        }
        if (closed) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, "audio stream closed");
        }
    }

    private byte[] synthesize(String segment) throws ProviderException, InterruptedException {
        LocalMaryInterface engine = provider.borrow();
        try (AudioInputStream audio = engine.generateAudio(segment)) {
            javax.sound.sampled.AudioFormat native_ = audio.getFormat();
            if (native_.getSampleSizeInBits() != 16 || native_.getChannels() != 1) {
                throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED,
                                            "embedded engine produced unexpected audio: " + native_);
            }
            byte[] pcm = readFully(audio);
            if (native_.isBigEndian()) {
                swapBytes(pcm);
            }
            if (resampler == null) {
                resampler = Resampler.create(Math.round(native_.getSampleRate()), format.sampleRate());
            }
            return resampler.process(pcm);
        } catch (SynthesisException | IOException e) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                        "embedded engine failed to synthesize a sentence", e);
        } finally {
            provider.giveBack(engine);
        }
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

    /** MaryTTS's stream answers readAllBytes() with its first buffer only; a plain read loop gets all. */
    static byte[] readFully(AudioInputStream audio) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n = audio.read(buffer); n != -1; n = audio.read(buffer)) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static void swapBytes(byte[] pcm) {
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            byte t = pcm[i];
            pcm[i] = pcm[i + 1];
            pcm[i + 1] = t;
        }
    }
}
