package io.ttsgateway.tone;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.audio.Pcm16;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.DescribedProvider;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * Speaks a sine tone whose length follows the text, after a scripted delay and at a scripted pace.
 */
public final class ToneProvider extends DescribedProvider {

    /** The provider name. */
    public static final String NAME = "tone";

    private static final double AMPLITUDE = 0.3 * Short.MAX_VALUE;

    private final ToneSettings settings;

    /**
     * Creates the provider.
     *
     * @param settings delay, pace and tone
     */
    public ToneProvider(ToneSettings settings) {
        // The script shapes the audio, so it is the model: part of the cache key.
        super(NAME, new ProviderCapabilities(
                AudioFormat.PCM_RATES.stream().map(AudioFormat::pcm).collect(java.util.stream.Collectors.toSet()),
                false, false, Integer.MAX_VALUE), null,
              settings.chunk().toMillis() + "ms/" + settings.perCharacter().toMillis() + "ms@" + settings.frequencyHz());
        this.settings = settings;
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException {
        if (request.format().encoding() != AudioEncoding.PCM) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, "tone produces PCM only");
        }
        long totalSamples = request.format().sampleRate() * settings.perCharacter().toNanos()
                * request.text().length() / 1_000_000_000L;
        return new ToneStream(request.format(), Math.max(1, totalSamples));
    }

    private final class ToneStream implements AudioStream {
        private final AudioFormat format;
        private final long totalSamples;
        private final int chunkSamples;
        private final CountDownLatch closed = new CountDownLatch(1);
        private long position;

        ToneStream(AudioFormat format, long totalSamples) {
            this.format = format;
            this.totalSamples = totalSamples;
            this.chunkSamples = (int) Math.max(1, format.sampleRate() * settings.chunk().toMillis() / 1000);
        }

        @Override
        public AudioFormat format() {
            return format;
        }

        @Override
        public byte[] read() throws ProviderException, InterruptedException {
            long wait = (position == 0 ? settings.firstByteDelay() : settings.chunkInterval()).toNanos();
            // Waiting on the latch, not sleeping, so close() ends the wait at once.
            if (wait > 0 && closed.await(wait, TimeUnit.NANOSECONDS) || closed.getCount() == 0) {
                throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, "audio stream closed");
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("synthesis cancelled");
            }
            if (position >= totalSamples) {
                return null;
            }
            int count = (int) Math.min(chunkSamples, totalSamples - position);
            short[] samples = new short[count];
            double step = 2 * Math.PI * settings.frequencyHz() / format.sampleRate();
            for (int i = 0; i < count; i++) {
                samples[i] = (short) Math.round(AMPLITUDE * Math.sin(step * (position + i)));
            }
            position += count;
            return Pcm16.toBytes(samples);
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
