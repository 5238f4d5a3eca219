package io.ttsgateway.deepgram;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * What Deepgram is asked to produce for a format a client wants.
 *
 * @param encoding   the {@code encoding} parameter: {@code linear16}, {@code mulaw} or {@code alaw}
 * @param sampleRate the {@code sample_rate} parameter
 * @param format     the same audio as a gateway format
 */
record DeepgramOutput(String encoding, int sampleRate, AudioFormat format) {

    /** PCM rates the gateway can name that Deepgram streams as {@code linear16} (it also has 32 kHz). */
    static final Set<Integer> LINEAR16_RATES = Set.of(8000, 16000, 24000, 48000);

    /** Formats produced without conversion. */
    static final Set<AudioFormat> NATIVE_FORMATS = Stream.concat(
            LINEAR16_RATES.stream().map(AudioFormat::pcm),
            Stream.of(new AudioFormat(AudioEncoding.ULAW, AudioFormat.G711_RATE),
                      new AudioFormat(AudioEncoding.ALAW, AudioFormat.G711_RATE)))
            .collect(Collectors.toUnmodifiableSet());

    /**
     * The output to ask for.
     *
     * @param wanted the client's format
     * @return that format when Deepgram produces it, otherwise the next native rate above it (24000
     *         for 22050, 48000 for 44100), so the gateway only ever resamples down
     * @throws ProviderException for WAV, which the gateway frames itself
     */
    static DeepgramOutput of(AudioFormat wanted) throws ProviderException {
        return switch (wanted.encoding()) {
            case PCM -> {
                int rate = LINEAR16_RATES.stream().filter(r -> r >= wanted.sampleRate()).sorted().findFirst()
                        .orElseThrow(() -> unsupported(wanted));
                yield new DeepgramOutput("linear16", rate, AudioFormat.pcm(rate));
            }
            case ULAW -> new DeepgramOutput("mulaw", AudioFormat.G711_RATE, wanted);
            case ALAW -> new DeepgramOutput("alaw", AudioFormat.G711_RATE, wanted);
            case WAV -> throw unsupported(wanted);
        };
    }

    private static ProviderException unsupported(AudioFormat format) {
        return new ProviderException(ProviderErrorKind.INVALID_REQUEST, DeepgramErrors.NAME + " cannot stream " + format);
    }
}
