package io.ttsgateway.deepgram;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * What Deepgram is asked to produce for a format a client wants: the {@code encoding} and
 * {@code sample_rate} query parameters, and the gateway format of the bytes that come back.
 *
 * @param encoding   Deepgram's encoding name: {@code linear16}, {@code mulaw} or {@code alaw}
 * @param sampleRate Deepgram's sample rate
 * @param format     the same audio as a gateway format
 */
record DeepgramOutput(String encoding, int sampleRate, AudioFormat format) {

    /** Signed 16-bit little-endian PCM. */
    static final String LINEAR16 = "linear16";
    /** G.711 mu-law. */
    static final String MULAW = "mulaw";
    /** G.711 A-law. */
    static final String ALAW = "alaw";

    /**
     * PCM rates the gateway can name that Deepgram streams as {@code linear16}. Deepgram also has
     * 32 kHz, which no gateway format uses.
     */
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
     * @return that format when Deepgram produces it, otherwise the nearest native rate above it
     *         (22050 from 24000, 44100 from 48000), so the gateway only ever resamples down
     * @throws ProviderException when the format is WAV, which the gateway frames itself
     */
    static DeepgramOutput of(AudioFormat wanted) throws ProviderException {
        return switch (wanted.encoding()) {
            case PCM -> {
                int rate = LINEAR16_RATES.stream().filter(r -> r >= wanted.sampleRate()).sorted().findFirst()
                        .orElseThrow(() -> unsupported(wanted));
                yield new DeepgramOutput(LINEAR16, rate, AudioFormat.pcm(rate));
            }
            case ULAW -> new DeepgramOutput(MULAW, AudioFormat.G711_RATE, wanted);
            case ALAW -> new DeepgramOutput(ALAW, AudioFormat.G711_RATE, wanted);
            case WAV -> throw unsupported(wanted);
        };
    }

    private static ProviderException unsupported(AudioFormat format) {
        return new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                     DeepgramProvider.NAME + " cannot stream " + format);
    }
}
